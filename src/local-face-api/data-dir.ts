import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { ConfigError } from '../settings';

/**
 * DATA_DIR must be a directory this process can write: SQLite creates its WAL and journal files beside the
 * database. Checked once at start-up so a bad mount fails with the path and the reason, not with SQLite's
 * "unable to open database file".
 */
// a configuration error: main.ts prints it without a stack trace
export class DataDirError extends ConfigError {}

function reason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'EACCES':
    case 'EPERM':
      return `this process (uid ${process.getuid?.() ?? '?'}) has no write permission there`;
    case 'ENOTDIR':
      return 'it (or a parent) is not a directory';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return error.message;
  }
}

/** Creates DATA_DIR when missing and checks that it is a writable directory; throws DataDirError otherwise. */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new DataDirError(`DATA_DIR ${dir} is not usable: ${reason(error as NodeJS.ErrnoException)}. Set DATA_DIR to a writable directory.`);
  }
}

/** SQLite's own failure to open or write the database file, with the file's path. */
export function databaseOpenError(file: string, error: unknown): DataDirError {
  return new DataDirError(`the database ${file} cannot be opened for writing: ${(error as Error).message}. Check DATA_DIR and the file's permissions.`);
}
