// What the extension-host suite reports to the node:test harness, in the file named by RESULTS_VARIABLE.

export const RESULTS_VARIABLE = 'DATAMESH_EXTENSION_TEST_RESULTS';

export interface ExtensionTestOutcome {
  /** The describe titles and the test's, outermost first. */
  titlePath: string[];
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface ExtensionTestResults {
  vscodeVersion: string;
  outcomes: ExtensionTestOutcome[];
  /** True once mocha has finished (false in a file written while it still ran). */
  finished: boolean;
}
