// `harbour score <id> '<answers JSON>'`: one line of JSON, exit 0 for a result and 2 for each error,
// with no database and no configuration.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { runScoreCommand } from '../src/instruments/cli.ts';
import { HARBOUR, ROOT } from './fixtures/cli/processes.ts';

/** Runs the command in-process: its exit code and the lines it printed. */
function score(...args: string[]): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = runScoreCommand(args, (line) => lines.push(line));
  return { code, lines };
}

/** Asserts exactly one line of JSON and returns it parsed. */
function onlyLine(lines: string[]): unknown {
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.doesNotMatch(lines[0]!, /\n/);
  return JSON.parse(lines[0]!);
}

describe('harbour score', () => {
  test('prints the result as one line of JSON and exits 0', () => {
    const { code, lines } = score('PHQ-2', '[1,2]');
    assert.equal(code, 0);
    assert.deepEqual(lines, ['{"total":3,"positive":true}']);
    const phq9 = score('PHQ-9', '[0,0,0,0,0,0,0,0,1]');
    assert.equal(phq9.code, 0);
    assert.deepEqual(onlyLine(phq9.lines), {
      total: 1,
      band: 'none_minimal',
      item9_positive: true,
      phq2_total: 0,
      phq2_positive: false,
    });
  });

  test('scores ASSIST with nulls for substances left out', () => {
    const answers = {
      substances: { opioids: ['yes', 6, 6, 7, 8, 0, 0], alcohol: ['yes', 4, 6, 0, 0, 0, 0] },
      q8: 2,
    };
    const { code, lines } = score('ASSIST', JSON.stringify(answers));
    assert.equal(code, 0, lines.join('\n'));
    const result = onlyLine(lines) as { scores: Record<string, unknown>; risk: Record<string, unknown>; injecting: unknown };
    assert.deepEqual([result.scores.alcohol, result.risk.alcohol], [10, 'low']);
    assert.deepEqual([result.scores.opioids, result.risk.opioids], [27, 'high']);
    assert.equal(result.scores.cannabis, null);
    assert.deepEqual(result.injecting, { q8: 2, advice: 'safer_injecting' });
  });

  test('prints invalid_response with a message naming the item, and exits 2', () => {
    const audit = score('AUDIT', '[0,0,0,0,0,0,0,0,1,0]');
    assert.equal(audit.code, 2);
    assert.deepEqual(onlyLine(audit.lines), { error: 'invalid_response', message: 'AUDIT question 9 must be 0, 2 or 4 (got 1)' });
    const assist = score('ASSIST', '{"substances":{"cannabis":["yes",1,null,null,null,0,0]},"q8":0}');
    assert.equal(assist.code, 2);
    assert.match((onlyLine(assist.lines) as { message: string }).message, /ASSIST cannabis question 2 must be 0, 2, 3, 4 or 6/);
    for (const [id, json] of [
      ['PHQ-9', '[0,0,0,0,0,0,0,0,4]'],
      ['Readiness-Ruler', '[11]'],
      ['PHQ-2', 'null'],
      ['PHQ-2', '{"a":1}'],
    ]) {
      const run = score(id!, json!);
      assert.equal(run.code, 2, `${id} ${json}`);
      assert.equal((onlyLine(run.lines) as { error: string }).error, 'invalid_response');
    }
  });

  test('prints unknown_instrument for an unknown id, including the instruments not shipped', () => {
    for (const id of ['C-SSRS', 'URICA', 'DAST-10', 'phq-2', 'constructor']) {
      assert.deepEqual(score(id, '[1,2]'), { code: 2, lines: ['{"error":"unknown_instrument"}'] }, id);
    }
  });

  test('prints invalid_json for answers that are not JSON', () => {
    for (const json of ['[1,', '', "[1,2]'", 'yes', '{total: 3}']) {
      assert.deepEqual(score('PHQ-2', json), { code: 2, lines: ['{"error":"invalid_json"}'] }, json);
    }
  });

  test('prints the usage as JSON and exits 2 without exactly an id and answers', () => {
    for (const args of [[], ['PHQ-2'], ['PHQ-2', '[1,2]', 'extra']]) {
      const { code, lines } = score(...args);
      assert.equal(code, 2);
      assert.deepEqual(onlyLine(lines), { error: 'usage', message: "usage: harbour score <id> '<answers JSON>'" });
    }
  });

  test('runs through bin/harbour.mjs with an empty environment', async () => {
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [HARBOUR, 'score', 'PHQ-2', '[1,2]'],
        { cwd: ROOT, env: {} },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    assert.equal(run.stdout, '{"total":3,"positive":true}\n', run.stderr);
    assert.equal(run.code, 0);
  });
});
