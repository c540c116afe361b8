// Answers the extension's prompts for the duration of one test: the test API hands over the extension's own
// `vscode.window`, whose showInputBox/showQuickPick/show*Message are replaced here and restored after.
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';

/**
 * One expected prompt: an input box answered with a value (undefined: Escape), a quick pick answered by
 * label, or a message with buttons answered by one of them (`title` then matches the message's text).
 */
export type PromptAnswer =
  | { input: string | undefined; title?: RegExp }
  | { pick: (label: string) => boolean; title?: RegExp }
  | { pickNothing: true; title?: RegExp }
  | { button: string; title?: RegExp };

export interface ScriptedPrompts {
  /** The titles (or prompts) of the prompts shown, in order. */
  shown: string[];
  /** Every message shown with showInformationMessage / showWarningMessage / showErrorMessage. */
  messages: { level: 'info' | 'warning' | 'error'; text: string }[];
}

type MessageFunction = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Runs `body` with the prompts answered from `answers`, in order. A prompt beyond the script, an answer an
 * input box's validation refuses, or a script not used up fails the test. Messages are recorded; one with
 * buttons is answered by the script when the script's next answer is a button, otherwise at once with none.
 */
export async function withPrompts<T>(
  window: typeof vscode.window,
  answers: PromptAnswer[],
  body: (prompts: ScriptedPrompts) => PromiseLike<T>,
): Promise<T> {
  const queue = [...answers];
  const prompts: ScriptedPrompts = { shown: [], messages: [] };
  const next = (kind: 'input' | 'pick' | 'button', title: string): PromptAnswer => {
    prompts.shown.push(title);
    const answer = queue.shift();
    assert.ok(answer, `an unexpected ${kind} prompt: "${title}" (shown so far: ${JSON.stringify(prompts.shown)})`);
    if (answer.title) assert.match(title, answer.title, `the prompt's title`);
    return answer;
  };

  const writable = window as unknown as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  const replace = (name: string, value: unknown) => {
    originals.set(name, writable[name]);
    writable[name] = value;
  };

  replace('showInputBox', async (options: vscode.InputBoxOptions = {}) => {
    const answer = next('input', options.title ?? options.prompt ?? '');
    assert.ok('input' in answer, `"${options.title}" is an input box, the script expected a quick pick`);
    if (answer.input !== undefined && options.validateInput) {
      const verdict = await options.validateInput(answer.input);
      const message = typeof verdict === 'string' ? verdict : verdict?.severity === 3 ? verdict.message : undefined;
      assert.ok(!message, `"${options.title}" refuses ${JSON.stringify(answer.input)}: ${message}`);
    }
    return answer.input;
  });
  replace(
    'showQuickPick',
    async (
      items: readonly (string | vscode.QuickPickItem)[] | Thenable<readonly (string | vscode.QuickPickItem)[]>,
      options?: vscode.QuickPickOptions,
    ) => {
      const answer = next('pick', options?.title ?? options?.placeHolder ?? '');
      if ('pickNothing' in answer) return undefined;
      assert.ok('pick' in answer, `"${options?.title}" is a quick pick, the script expected an input box`);
      const list = await items;
      const labels = list.map((item) => (typeof item === 'string' ? item : item.label));
      const index = labels.findIndex(answer.pick);
      assert.ok(index >= 0, `no item of "${options?.title}" fits the script; the items: ${JSON.stringify(labels)}`);
      return list[index];
    },
  );
  const recorder =
    (level: 'info' | 'warning' | 'error'): MessageFunction =>
    async (text, ...rest) => {
      prompts.messages.push({ level, text });
      const buttons = rest.filter(
        (item): item is string | vscode.MessageItem =>
          typeof item === 'string' || (typeof item === 'object' && item !== null && 'title' in item),
      );
      if (buttons.length === 0 || !(queue[0] && 'button' in queue[0])) return undefined;
      const answer = next('button', text);
      assert.ok('button' in answer);
      const chosen = buttons.find((item) => (typeof item === 'string' ? item : item.title) === answer.button);
      assert.ok(chosen, `the message "${text}" has no button ${answer.button}`);
      return chosen;
    };
  replace('showInformationMessage', recorder('info'));
  replace('showWarningMessage', recorder('warning'));
  replace('showErrorMessage', recorder('error'));
  try {
    const result = await body(prompts);
    assert.deepEqual(queue, [], `prompts the command did not show (shown: ${JSON.stringify(prompts.shown)})`);
    return result;
  } finally {
    for (const [name, value] of originals) writable[name] = value;
  }
}
