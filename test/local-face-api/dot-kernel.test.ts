/** The committed dot-kernel.wasm is its .wat source assembled by wabt (`npm run wasm` after editing the .wat). */
import * as fs from 'fs';
import { assembleDotKernel, WASM_FILE } from '../../scripts/local-face-api/assemble-dot-kernel';

test('dot-kernel.wasm matches dot-kernel.wat', async () => {
  expect(Buffer.from(await assembleDotKernel()).equals(fs.readFileSync(WASM_FILE))).toBe(true);
});
