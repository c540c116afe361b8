import type { Diagnostic } from 'vscode-languageserver-types';
import type { Manifest } from '../manifestTypes';
import type { Policy } from '../../policy/policy';
import type { PositionedYaml } from '../../yaml/positionedYaml';
import type { WorkspaceIndex } from '../../workspace/workspaceIndex';

/** Everything a semantic or policy rule may look at. Rules never read files themselves. */
export interface RuleContext {
  uri: string;
  yaml: PositionedYaml;
  manifest: Manifest;
  policy: Policy;
  workspace: WorkspaceIndex;
}

export type ManifestRule = (context: RuleContext) => Diagnostic[];
