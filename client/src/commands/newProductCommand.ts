// Data Mesh: New Data Product: a guided flow (domain, name, owning team, tier, value format) that writes a
// manifest and its value schema, laid out as <domain>/<name>/ in a workspace folder, that pass every check
// under the folder's policy; then the manifest opens to be filled in.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import {
  formatsAllowed,
  invalidSegment,
  invalidTeam,
  newProductFiles,
  type NewProductFiles,
  type ValueFormat,
} from '../engines/lifecycle/newProduct';
import { DEFAULT_POLICY, parsePolicy, POLICY_FILE_NAME, TIERS, type Policy, type Tier } from '../../../server/src/services/index';

export function registerNewProductCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.newProduct, () => newProduct()));
}

/** The questions every new product asks, whether it reads other products or not. */
export interface ProductIdentity {
  domain: string;
  name: string;
  team: string;
  tier: Tier;
}

async function newProduct(): Promise<vscode.Uri | undefined> {
  const folder = await chooseFolder();
  if (!folder) return undefined;
  const policy = await readPolicy(folder);
  const steps = 5;
  const identity = await askIdentity('New Data Product', policy, 1, steps);
  if (!identity) return undefined;
  const format = await askFormat(policy, `New Data Product (${steps}/${steps})`);
  if (!format) return undefined;
  const files = newProductFiles({ ...identity, format, policy });
  return writeProductFiles(folder, files);
}

/** The workspace folder's policy (spec §2); the defaults when there is none or it does not parse. */
export async function readPolicy(folder: vscode.Uri): Promise<Readonly<Policy>> {
  const uri = vscode.Uri.joinPath(folder, POLICY_FILE_NAME);
  let text: string;
  try {
    text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return DEFAULT_POLICY;
  }
  return parsePolicy(text).policy;
}

/** Domain, name, owning team (the policy's owners when it lists them) and tier, as steps `first..first+3` of `total`. */
export async function askIdentity(
  title: string,
  policy: Readonly<Policy>,
  first: number,
  total: number,
): Promise<ProductIdentity | undefined> {
  const step = (offset: number): string => `${title} (${first + offset}/${total})`;
  const domain = (
    await vscode.window.showInputBox({
      title: step(0),
      prompt: 'The domain that owns the product',
      placeHolder: 'sales',
      validateInput: (value) => invalidSegment('domain', value.trim()),
    })
  )?.trim();
  if (domain === undefined) return undefined;
  const name = (
    await vscode.window.showInputBox({
      title: step(1),
      prompt: `The product's name; its id is ${domain}.<name>`,
      placeHolder: 'orders',
      validateInput: (value) => invalidSegment('name', value.trim()),
    })
  )?.trim();
  if (name === undefined) return undefined;
  const team =
    policy.owners.length > 0
      ? await vscode.window.showQuickPick([...policy.owners], { title: step(2), placeHolder: 'The owning team (the policy lists them)' })
      : (
          await vscode.window.showInputBox({
            title: step(2),
            prompt: 'The owning team (owner.team)',
            value: `${domain}-team`,
            validateInput: (value) => invalidTeam(policy, value.trim()),
          })
        )?.trim();
  if (team === undefined) return undefined;
  const tierItems = TIERS.map((tier) => ({
    label: tier,
    description: `compatibility at least ${policy.minCompatibility[tier]}, replication factor at least ${policy.minReplicationFactor[tier]}`,
    tier,
  }));
  const tier = await vscode.window.showQuickPick(tierItems, { title: step(3), placeHolder: 'The tier: how critical the product is' });
  if (!tier) return undefined;
  return { domain, name, team, tier: tier.tier };
}

async function askFormat(policy: Readonly<Policy>, title: string): Promise<ValueFormat | undefined> {
  const allowed = formatsAllowed(policy);
  if (allowed.length === 1) return allowed[0]; // the policy requires Avro: nothing to choose
  const picked = await vscode.window.showQuickPick(
    allowed.map((format) => ({
      label: format,
      description: format === 'avro' ? 'with a starter schema in the registry' : undefined,
      format,
    })),
    { title, placeHolder: "The first port's value format" },
  );
  return picked?.format;
}

/** Writes the files unless one exists already, then opens the manifest. */
export async function writeProductFiles(
  folder: vscode.Uri,
  files: NewProductFiles,
  extra: readonly { path: string; text: string }[] = [],
): Promise<vscode.Uri | undefined> {
  const all = [
    ...(files.schemaPath && files.schema ? [{ path: files.schemaPath, text: files.schema }] : []),
    ...extra,
    { path: files.manifestPath, text: files.manifest },
  ];
  for (const file of all) {
    const uri = vscode.Uri.joinPath(folder, file.path);
    if (await exists(uri)) {
      void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} already exists: nothing was written.`);
      return undefined;
    }
  }
  for (const file of all) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, file.path), Buffer.from(file.text, 'utf8'));
  const manifestUri = vscode.Uri.joinPath(folder, files.manifestPath);
  await vscode.window.showTextDocument(manifestUri);
  return manifestUri;
}

export async function chooseFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Open a folder first: a data product lives in a workspace folder.');
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The workspace folder of the new product' });
  return picked?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
