/// <reference lib="dom" />
/**
 * The publish preview's page: renders the plan's view model with textContent only (topic names, messages
 * and reasons come from manifests and the cluster, so they are shown as text and never become markup), and
 * asks the extension to publish once the user confirmed, after accepting event changes when needed.
 */
import type { HostMessage, WebviewMessage } from '../messages';
import type { ActionGroupView, FindingView, PlanView } from '../publishViewModel';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const api = acquireVsCodeApi();
const send = (message: WebviewMessage): void => api.postMessage(message);

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the preview's page has no #${id}`);
  return found as T;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const title = byId<HTMLHeadingElement>('title');
const status = byId<HTMLSpanElement>('status');
const headline = byId<HTMLParagraphElement>('headline');
const outcome = byId<HTMLDivElement>('outcome');
const sections = byId<HTMLDivElement>('sections');
const acceptLabel = byId<HTMLLabelElement>('accept-label');
const accept = byId<HTMLInputElement>('accept-events');
const publishButton = byId<HTMLButtonElement>('publish');
const refreshButton = byId<HTMLButtonElement>('refresh');

let view: PlanView | undefined;
let busy = false;

function updateButtons(): void {
  const offered = view?.canPublish === true;
  publishButton.hidden = !offered;
  publishButton.disabled = busy || !offered || (view?.state === 'needs-acceptance' && !accept.checked);
  refreshButton.disabled = busy;
  acceptLabel.hidden = view?.state !== 'needs-acceptance';
}

function section(heading: string, className: string, ...content: Node[]): HTMLElement {
  const node = element('section', className);
  node.append(element('h2', undefined, heading), ...content);
  return node;
}

function list(items: string[], className?: string): HTMLUListElement {
  const node = element('ul', className);
  for (const item of items) node.append(element('li', undefined, item));
  return node;
}

function findingList(findings: FindingView[]): HTMLUListElement {
  const node = element('ul', 'findings');
  for (const finding of findings) {
    const item = element('li', `finding ${finding.accepted ? 'accepted' : finding.severity}`);
    item.append(
      element('span', 'severity', finding.accepted ? 'accepted' : finding.severity),
      element('span', 'code', finding.code),
      element('span', 'message', finding.message),
    );
    if (finding.details.length > 0) item.append(element('span', 'details', finding.details.join(' · ')));
    node.append(item);
  }
  return node;
}

function groupSection(group: ActionGroupView): HTMLElement {
  const label = group.kind === 'topic' ? 'Topic' : group.kind === 'schema' ? 'Schema' : 'Catalog';
  const heading = element('h3');
  heading.append(element('span', 'kind', label), element('span', 'name', group.name));
  const actions = element('ol', 'actions');
  for (const action of group.actions) {
    const item = element('li', 'action');
    item.dataset.id = action.id;
    item.append(element('span', 'summary', action.summary), element('span', 'reason', action.reason));
    actions.append(item);
  }
  const node = element('div', `group ${group.kind}`);
  node.append(heading, actions);
  return node;
}

function render(next: PlanView): void {
  view = next;
  title.textContent = `Publish ${next.productId || next.manifestPath}`;
  headline.textContent = next.headline;
  headline.className = `headline ${next.state}`;
  sections.replaceChildren();
  if (next.validation.length > 0) {
    sections.append(
      section(
        'Validation',
        'validation',
        list(
          next.validation.map(
            (problem) => `${problem.path}:${problem.line}:${problem.column} ${problem.severity} ${problem.code}: ${problem.message}`,
          ),
        ),
      ),
    );
  }
  if (next.groups.length > 0) sections.append(section('Plan', 'plan', ...next.groups.map(groupSection)));
  if (next.compatibility.length > 0) sections.append(section('Compatibility', 'compatibility', findingList(next.compatibility)));
  if (next.events.length > 0 || next.eventCheck.length > 0)
    sections.append(section('Events', 'events', list(next.eventCheck, 'event-check'), findingList(next.events)));
  if (next.replication.length > 0) sections.append(section('Partitions and replication', 'replication', findingList(next.replication)));
  if (next.other.length > 0) sections.append(section('Other findings', 'other', findingList(next.other)));
  const downstream = [...next.downstream.products, ...next.downstream.consumerGroups];
  if (downstream.length > 0) sections.append(section('Downstream', 'downstream', list(downstream)));
  accept.checked = false;
  updateButtons();
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'plan':
      busy = false;
      status.textContent = '';
      render(message.view);
      break;
    case 'busy':
      busy = true;
      status.textContent = message.message;
      updateButtons();
      break;
    case 'failed':
      busy = false;
      status.textContent = '';
      view = undefined;
      headline.textContent = message.message;
      headline.className = 'headline refused';
      sections.replaceChildren();
      updateButtons();
      break;
    case 'outcome':
      busy = false;
      status.textContent = '';
      outcome.hidden = false;
      outcome.className = `outcome ${message.status}`;
      outcome.textContent = message.message;
      updateButtons();
      break;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as HostMessage | undefined;
  if (data && typeof data === 'object' && typeof data.type === 'string') handle(data);
});
accept.addEventListener('change', updateButtons);
publishButton.addEventListener('click', () => {
  if (!view?.canPublish) return;
  busy = true;
  updateButtons();
  send({ type: 'publish', acceptEventChanges: view.state === 'needs-acceptance' && accept.checked });
});
refreshButton.addEventListener('click', () => send({ type: 'refresh' }));
updateButtons();
send({ type: 'ready' });
