/** Assembles src/local-face-api/dot-kernel.wat into dot-kernel.wasm with wabt (`npm run wasm`); a test checks they match. */
import * as fs from 'fs';
import * as path from 'path';
import wabt from 'wabt';

export const WAT_FILE = path.resolve(__dirname, '../../src/local-face-api/dot-kernel.wat');
export const WASM_FILE = WAT_FILE.replace(/\.wat$/, '.wasm');

export async function assembleDotKernel(): Promise<Uint8Array> {
  const module = (await wabt()).parseWat(path.basename(WAT_FILE), fs.readFileSync(WAT_FILE, 'utf8'), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

if (require.main === module) {
  assembleDotKernel().then(
    (bytes) => {
      fs.writeFileSync(WASM_FILE, bytes);
      console.log(`${path.relative(process.cwd(), WASM_FILE)}: ${bytes.length} bytes`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
