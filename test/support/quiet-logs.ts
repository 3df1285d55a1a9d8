/**
 * In-process servers log through pino to stdout; a test run prints only warnings and errors unless LOG_LEVEL
 * says otherwise. Processes a test starts get their own LOG_LEVEL.
 */
process.env.LOG_LEVEL ??= 'warn';
