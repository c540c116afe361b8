/** Where a command writes: standard output for results, standard error for messages. */
export interface CommandOutput {
  print(text: string): void;
  error(text: string): void;
}

export const processOutput: CommandOutput = {
  print: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};
