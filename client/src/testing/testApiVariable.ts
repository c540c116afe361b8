/** The environment variable that makes `activate` return the test API outside a test run of VS Code (code-server). */
export const TEST_API_VARIABLE = 'DATAMESH_EXTENSION_TEST_API';
