import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../../diagnostics';
import { asArray, isRecord, majorOf } from '../manifestTypes';
import { expectedTopic, topicPatternWithAnyMajor } from '../topicPattern';
import type { ManifestRule } from './ruleContext';

/**
 * Each port's topic follows the policy's pattern (`topic-naming`), and its `v<major>` is the product's major
 * (`version-major-mismatch`). A topic that is right but for the major gets only the second.
 */
export const topicNamingRule: ManifestRule = ({ yaml, manifest, policy }) => {
  const diagnostics: Diagnostic[] = [];
  const major = majorOf(manifest.version);
  asArray(manifest.outputPorts).forEach((port, index) => {
    if (!isRecord(port) || typeof port.topic !== 'string') return;
    const path = ['outputPorts', index, 'topic'];
    const range = yaml.valueRange(path);
    if (!range) return;
    const portName = typeof port.name === 'string' ? port.name : undefined;
    const expected = expectedTopic(policy.topicPattern, manifest, portName);
    if (expected === undefined || port.topic === expected) return;

    const anyMajor = topicPatternWithAnyMajor(policy.topicPattern, manifest, portName)?.exec(port.topic);
    if (anyMajor) {
      diagnostics.push(
        makeDiagnostic(
          range,
          'version-major-mismatch',
          `The topic \`${port.topic}\` is for major version ${anyMajor[1]}, but the product's version is ${String(manifest.version)}: expected \`${expected}\`.`,
          undefined,
          { expected, path },
        ),
      );
      return;
    }
    diagnostics.push(
      makeDiagnostic(
        range,
        'topic-naming',
        `The topic \`${port.topic}\` does not follow the pattern \`${policy.topicPattern}\`: expected \`${expected}\`.`,
        undefined,
        { expected, path },
      ),
    );
    const trailingMajor = /(?:^|[^A-Za-z0-9])v(\d+)$/.exec(port.topic);
    if (major !== undefined && trailingMajor && Number(trailingMajor[1]) !== major) {
      diagnostics.push(
        makeDiagnostic(
          range,
          'version-major-mismatch',
          `The topic \`${port.topic}\` ends in v${trailingMajor[1]}, but the product's major version is ${major}.`,
          undefined,
          { path },
        ),
      );
    }
  });
  return diagnostics;
};
