/** Where a command writes; the entry point passes the process streams, tests pass collectors. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Paths relative to the repository root, where `npm` runs commands. */
export const DEFAULT_DEV_PKI_DIRECTORY = 'certs/dev';
export const DEFAULT_DEV_RESIDENTS_FILE = 'fixtures/residents/residents.json';
