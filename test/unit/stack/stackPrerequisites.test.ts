// Which Java the local stack picks, with stand-in `java` executables that print a version: the user's own
// Java comes first, a JDK in the tools folder (what .ci/install-kafka-stack.sh unpacks) is the fallback, and
// without a Java 21 the message names what to install and how.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseJava, PrerequisiteError } from '../../../client/src/engines/stack/stackPrerequisites';

const root = mkdtempSync(join(tmpdir(), 'datamesh-java-finder-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A folder `<home>/bin/java` that answers `-version` like an OpenJDK of `version`. */
function fakeJdk(home: string, version: string): string {
  mkdirSync(join(home, 'bin'), { recursive: true });
  const java = join(home, 'bin', 'java');
  writeFileSync(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-07-15' >&2\n`);
  chmodSync(java, 0o755);
  return java;
}

const skip = process.platform === 'win32' ? 'stand-in java executables are shell scripts' : false;
const java17 = fakeJdk(join(root, 'path-jdk-17'), '17.0.15');
const emptyJvmRoot = join(root, 'no-jdks');
mkdirSync(emptyJvmRoot);
const pathWith17 = { PATH: join(root, 'path-jdk-17', 'bin') };

test(
  'Java 17 on PATH and nothing else: the message names Java 21, the tools folder and the command that installs it',
  { skip },
  async () => {
    const toolsDir = join(root, 'tools-empty');
    await assert.rejects(chooseJava({ env: pathWith17, jvmRoots: [emptyJvmRoot], toolsDir }), (error: unknown) => {
      assert.ok(error instanceof PrerequisiteError);
      assert.match(error.message, /Apicurio Registry 3\.3\.3 needs Java 21 or newer, but found Java 17 \(/);
      assert.ok(error.message.includes(join(toolsDir, 'jdk-21')), error.message);
      assert.match(error.message, /bash \.ci\/install-kafka-stack\.sh/);
      return true;
    });
  },
);

test("a JDK in the tools folder runs the registry when the machine has no Java 21; Kafka keeps the user's Java", { skip }, async () => {
  const toolsDir = join(root, 'tools-with-jdk');
  const tools21 = fakeJdk(join(toolsDir, 'jdk-21.0.8'), '21.0.8');
  const choice = await chooseJava({ env: pathWith17, jvmRoots: [emptyJvmRoot], toolsDir });
  assert.equal(choice.kafka.path, java17);
  assert.deepEqual(choice.registry, { path: tools21, major: 21, version: '21.0.8' });
});

test("the user's own Java 21 comes before the tools folder's", { skip }, async () => {
  const toolsDir = join(root, 'tools-with-jdk-too');
  fakeJdk(join(toolsDir, 'jdk-21.0.8'), '21.0.8');
  const home25 = join(root, 'java-home-25');
  const java25 = fakeJdk(home25, '25.0.1');
  const choice = await chooseJava({ env: { ...pathWith17, JAVA_HOME: home25 }, jvmRoots: [emptyJvmRoot], toolsDir });
  assert.equal(choice.kafka.path, java25);
  assert.equal(choice.registry.path, java25);
});
