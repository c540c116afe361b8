/**
 * The typed messages between the publish preview's page and the extension, declared once for both ends.
 */
import type { PlanView } from './publishViewModel';

/** Extension → page. */
export type HostMessage =
  /** A plan to show (again, after a refresh or a publish). */
  | { type: 'plan'; view: PlanView }
  /** Planning or publishing is under way: the buttons wait. */
  | { type: 'busy'; message: string }
  /** The plan could not be made (no connection, registry down): the reason and its remedy. */
  | { type: 'failed'; message: string }
  /** What the last publish did, shown above the plan. */
  | { type: 'outcome'; status: 'applied' | 'partial' | 'refused' | 'up-to-date' | 'cancelled'; message: string };

/** Page → extension. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  /** Publish this manifest; `acceptEventChanges` when the user accepted that events change meaning. */
  | { type: 'publish'; acceptEventChanges: boolean };
