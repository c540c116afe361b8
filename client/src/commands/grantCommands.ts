/**
 * Data Mesh: Grant Read Access… and Revoke Read Access…, on a published product in the Mesh view (or a
 * principal under its grants node) or from the palette with a picker of catalog products: the principal,
 * the group prefix, then a modal listing the ACLs before anything changes. The grants engine does the work.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { ConnectionManager } from '../connections/connectionManager';
import { describeForEditor } from '../connections/connectionRemedy';
import type { GrantRequest } from '../engines/grants/grantEngine';
import type { GrantTarget } from '../engines/grants/grantTarget';
import type { PublishRunner } from '../panels/publish/publishRunner';
import { productIdOfNode } from './manifestTarget';

// kafkajs loads on first use, not at activation.
const load = () => require('../engines/grants/grantEngine') as typeof import('../engines/grants/grantEngine');

type Verb = 'grant' | 'revoke';
const TITLES: Record<Verb, string> = { grant: 'Grant Read Access', revoke: 'Revoke Read Access' };

/** `refreshMesh` redraws the Mesh view, whose grants nodes list the ACLs. */
export function registerGrantCommands(
  context: vscode.ExtensionContext,
  manager: ConnectionManager,
  runner: PublishRunner,
  refreshMesh: () => void,
): void {
  const run = (verb: Verb) => (argument?: unknown) => changeAccess(verb, argument, manager, runner, refreshMesh);
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.grantReadAccess, run('grant')),
    vscode.commands.registerCommand(COMMANDS.revokeReadAccess, run('revoke')),
  );
}

/** A product's grants node or a principal under it: the product, and the principal of the latter. */
function grantNodeOf(argument: unknown): { productId: string; principal?: string } | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const node = argument as { kind?: unknown; name?: unknown; product?: { id?: unknown } };
  if ((node.kind !== 'grant' && node.kind !== 'grants') || typeof node.product?.id !== 'string') return undefined;
  return { productId: node.product.id, ...(node.kind === 'grant' && typeof node.name === 'string' ? { principal: node.name } : {}) };
}

/** The product, from the node or a picker of the catalog's products; its topics are those the catalog publishes. */
async function pickTarget(verb: Verb, argument: unknown, manager: ConnectionManager): Promise<GrantTarget | undefined> {
  const published = manager.catalogProducts();
  let productId = productIdOfNode(argument) ?? grantNodeOf(argument)?.productId;
  if (!productId) {
    if (published.length === 0) {
      void vscode.window.showWarningMessage(`${TITLES[verb]}: the catalog has no products (connect to a cluster that has some).`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      published.map((product) => ({ label: product.id, description: product.status })),
      { title: TITLES[verb], placeHolder: 'Which product?' },
    );
    productId = picked?.label;
  }
  if (!productId) return undefined;
  const product = published.find((candidate) => candidate.id === productId);
  const topics = [
    ...new Set(product?.outputPorts.map((port) => port.topic).filter((topic): topic is string => typeof topic === 'string') ?? []),
  ];
  if (topics.length === 0) {
    void vscode.window.showWarningMessage(`${productId} has no published output-port topics: there is nothing to read.`);
    return undefined;
  }
  return { productId, topics };
}

async function askRequest(verb: Verb, argument: unknown, target: GrantTarget): Promise<GrantRequest | undefined> {
  const engine = load();
  const principal =
    grantNodeOf(argument)?.principal ??
    (await vscode.window.showInputBox({
      title: `${TITLES[verb]}: ${target.productId}`,
      prompt: verb === 'grant' ? 'Who may read the product (a Kafka principal)' : 'Whose read access to remove (a Kafka principal)',
      placeHolder: 'User:alice',
      validateInput: (value) => engine.principalProblem(value.trim()),
    }));
  if (principal === undefined) return undefined;
  const groupPrefix = await vscode.window.showInputBox({
    title: `${TITLES[verb]}: ${target.productId} for ${principal.trim()}`,
    prompt:
      verb === 'grant'
        ? 'The consumer groups it may use: every group whose id starts with this prefix'
        : 'The group prefix the access was granted with',
    value: engine.defaultGroupPrefix(target.productId),
    validateInput: (value) => (value.trim() === '' ? 'An empty prefix would allow every consumer group.' : null),
  });
  if (groupPrefix === undefined) return undefined;
  return { target, principal: principal.trim(), groupPrefix: groupPrefix.trim() };
}

async function changeAccess(
  verb: Verb,
  argument: unknown,
  manager: ConnectionManager,
  runner: PublishRunner,
  refreshMesh: () => void,
): Promise<void> {
  const target = await pickTarget(verb, argument, manager);
  if (!target) return;
  const request = await askRequest(verb, argument, target);
  if (!request) return;
  const engine = load();
  try {
    const { kafka } = await manager.clients();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const plan = verb === 'grant' ? await engine.planGrant(admin, request) : await engine.planRevoke(admin, request);
      if (plan.changes.length === 0) {
        void vscode.window.showInformationMessage(
          verb === 'grant'
            ? `${request.principal} can already read ${target.productId}: nothing to create.`
            : `${request.principal} has none of the read ACLs of ${target.productId} (group prefix ${request.groupPrefix}): nothing to delete.`,
        );
        return;
      }
      // The modal lists every ACL before anything changes.
      const action = verb === 'grant' ? 'Create ACLs' : 'Delete ACLs';
      const confirmed = await vscode.window.showWarningMessage(
        `${verb === 'grant' ? 'Create' : 'Delete'} ${plan.changes.length} ACL${plan.changes.length === 1 ? '' : 's'} for ${request.principal} on ${target.productId}?`,
        { modal: true, detail: plan.changes.map((acl) => engine.describeAcl(acl)).join('\n') },
        action,
      );
      if (confirmed !== action) return;
      if (verb === 'grant') await engine.grant(admin, request);
      else await engine.revoke(admin, request);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  } catch (error) {
    runner.logError(`${TITLES[verb]} on ${target.productId} failed`, error);
    const message = error instanceof engine.GrantClusterError ? error.message : describeForEditor(error);
    void vscode.window.showErrorMessage(`${TITLES[verb]} on ${target.productId} failed: ${message}`);
    return;
  }
  void vscode.window.showInformationMessage(
    verb === 'grant'
      ? `${request.principal} may now read ${target.productId} (consumer groups ${request.groupPrefix}*).`
      : `Removed the read access of ${request.principal} to ${target.productId}.`,
  );
  refreshMesh();
}
