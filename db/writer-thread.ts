import { serveImportWriter } from './members/import-writer';

// The entry point of a membership import's writer thread (built to dist/import-writer.cjs),
// started by the import job; a file of its own so that importing the module starts nothing.
serveImportWriter();
