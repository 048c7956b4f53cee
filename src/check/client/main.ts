/**
 * The self-check island on `/check` (dist/web/check.js). It scores on the phone with src/instruments
 * and sends nothing: goals and results stay in this tab, or on the phone locked with her PIN; the
 * optional backup leaves only as ciphertext, and only when she taps.
 */
import {
  BackupError,
  deleteBackup,
  getBackup,
  newRecoveryKey,
  openBackup,
  parseRecoveryKey,
  putBackup,
  sealBackup,
  isWordPassphrase,
} from './backup.ts';
import { h, PRIVATE_TEXT, show, uid } from './dom.ts';
import { addGoal, asKept, drawChart, EMPTY, lastDays, mergeKept, removeGoal, toggleDone, type Kept } from './goals.ts';
import { describeSummary, startJourney, type AppKey, type CheckConfig, type Say } from './journey.ts';
import { INSTRUMENTS } from '../../instruments/index.ts';
import { today } from './plans.ts';
import { deleteKept, readSealed, secretProblem, Vault, type SealedRecord } from './vault.ts';

const SUGGESTED: AppKey[] = [
  'check.app.goals.naloxone',
  'check.app.goals.new_needle',
  'check.app.goals.less_weekdays',
  'check.app.goals.hiv_test',
];

function readConfig(): CheckConfig | null {
  const element = document.getElementById('check-config');
  if (!element?.textContent) return null;
  try {
    return JSON.parse(element.textContent) as CheckConfig;
  } catch {
    return null;
  }
}

function main(): void {
  const root = document.querySelector<HTMLElement>('[data-check-app]');
  const config = readConfig();
  if (!root || !config) return;
  const lang = config.lang;
  const say: Say = (key, vars) =>
    (config.strings[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );

  // What lives in this tab; written to the phone only while a vault is unlocked.
  let kept: Kept = EMPTY;
  let vault: Vault | null = null;
  let sealed: SealedRecord | null = null;
  let storage = 'indexedDB' in window && 'subtle' in crypto;

  const journey = h('div', { 'data-journey': true });
  const goalsPanel = h('section', { class: 'check-panel', 'data-goals': true, 'aria-labelledby': 'goals-heading' });
  const historyPanel = h('section', { class: 'check-panel', 'data-history': true, 'aria-labelledby': 'history-heading' });
  const keepPanel = h('section', { class: 'check-panel', 'data-keep': true, 'aria-labelledby': 'keep-heading' });
  const backupPanel = h('section', { class: 'check-panel', 'data-backup': true, 'aria-labelledby': 'backup-heading' });
  show(root, journey, goalsPanel, historyPanel, keepPanel, backupPanel);
  root.hidden = false;
  document.querySelectorAll<HTMLElement>('[data-no-script]').forEach((e) => (e.hidden = true));

  const keepStatus = h('p', { role: 'status', 'data-keep-status': true });
  const saveFailed = (): void => void (keepStatus.textContent = say('check.app.keep.unavailable'));

  // Saves run one after another, so a quick second change never lands before the first.
  let saving: Promise<void> = Promise.resolve();
  function persist(): Promise<void> {
    const target = vault;
    const value = kept;
    if (target) saving = saving.then(() => target.save(value)).catch(saveFailed);
    return saving;
  }

  /**
   * Redraws a panel and puts the focus back where it was (the same control, found by its
   * `data-focus` key, else the panel's heading), so a tap does not throw a keyboard or screen-reader
   * user back to the top of the page.
   */
  function redraw(panel: HTMLElement, draw: () => void): void {
    const active = document.activeElement;
    const key = active instanceof HTMLElement && panel.contains(active) ? (active.dataset.focus ?? '') : null;
    draw();
    if (key === null) return;
    const target =
      (key && panel.querySelector<HTMLElement>(`[data-focus="${CSS.escape(key)}"]`)) || panel.querySelector<HTMLElement>('h2');
    if (target && target.tagName === 'H2') target.tabIndex = -1;
    target?.focus();
  }

  function update(next: Kept): void {
    kept = next;
    redraw(goalsPanel, renderGoals);
    renderHistory();
    void persist();
  }

  function renderGoals(): void {
    if (sealed && !vault)
      return show(
        goalsPanel,
        h('h2', { id: 'goals-heading' }, say('check.app.goals.heading')),
        h('p', null, say('check.app.keep.locked')),
      );
    const own = uid('goal');
    const input = h('input', {
      id: own,
      type: 'text',
      maxlength: 120,
      ...PRIVATE_TEXT,
      'data-goal-input': true,
      'data-focus': 'goal-input',
    });
    const days = lastDays(14);
    const chartLabel = say('check.app.goals.chart', {
      days: days.map((d) => `${d}: ${kept.goals.filter((g) => g.done.includes(d)).length}`).join(', '),
    });
    show(
      goalsPanel,
      h('h2', { id: 'goals-heading' }, say('check.app.goals.heading')),
      h('p', null, say('check.app.goals.intro')),
      kept.goals.length === 0
        ? h('p', null, say('check.app.goals.none'))
        : h(
            'ul',
            { class: 'goal-list' },
            kept.goals.map((g) => {
              const doneToday = g.done.includes(today());
              const recent = g.done.filter((d) => days.includes(d)).length;
              return h(
                'li',
                { 'data-goal': g.text },
                h('strong', null, g.text),
                ' ',
                h('span', { class: 'hint' }, say('check.app.goals.days', { n: recent })),
                ' ',
                h(
                  'button',
                  {
                    type: 'button',
                    'aria-pressed': String(doneToday),
                    onclick: () => update(toggleDone(kept, g.id)),
                    'data-tick': true,
                    'data-focus': `tick-${g.id}`,
                  },
                  say('check.app.goals.done_today'),
                ),
                ' ',
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary',
                    onclick: () => update(removeGoal(kept, g.id)),
                    'data-focus': `remove-${g.id}`,
                  },
                  say('check.app.goals.remove'),
                ),
              );
            }),
          ),
      kept.goals.length > 0 ? drawChart(kept, chartLabel) : null,
      h(
        'p',
        { class: 'hint' },
        say('check.app.goals.suggested'),
        ': ',
        SUGGESTED.map((key) => [
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-suggested': key,
              'data-focus': key,
              onclick: () => update(addGoal(kept, say(key))),
            },
            say(key),
          ),
          ' ',
        ]),
      ),
      h(
        'form',
        {
          onsubmit: (event) => {
            event.preventDefault();
            update(addGoal(kept, input.value));
          },
        },
        h('p', { class: 'field' }, h('label', { for: own }, say('check.app.goals.own')), input),
        h('button', { type: 'submit', 'data-focus': 'goal-add' }, say('check.app.goals.add')),
      ),
    );
  }

  function renderHistory(): void {
    if (sealed && !vault) return show(historyPanel);
    show(
      historyPanel,
      h('h2', { id: 'history-heading' }, say('check.app.history.heading')),
      kept.history.length === 0
        ? h('p', null, say('check.app.history.none'))
        : h(
            'ul',
            { 'data-history-list': true },
            [...kept.history]
              .reverse()
              .map((s) =>
                h(
                  'li',
                  null,
                  `${s.date} — `,
                  h('span', { lang: lang === 'en' ? null : 'en' }, INSTRUMENTS[s.id].text.title),
                  `: ${describeSummary(s, say)}`,
                ),
              ),
          ),
    );
  }

  function renderKeep(): void {
    const heading = h('h2', { id: 'keep-heading' }, say('check.app.keep.heading'));
    const honest = h('p', { 'data-honest': true }, say('check.app.keep.honest'));
    if (!storage) return show(keepPanel, heading, h('p', null, say('check.app.keep.unavailable')));
    const secretId = uid('secret');
    const secret = h('input', { id: secretId, type: 'password', autocomplete: 'off', 'data-secret': true });
    const field = h('p', { class: 'field' }, h('label', { for: secretId }, say('check.app.keep.secret')), secret);
    const forget = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'data-forget': true,
        onclick: () => {
          if (!window.confirm(say('check.app.keep.forget_confirm'))) return;
          // No save may follow the deletion and write the record again.
          vault = null;
          void saving.then(deleteKept).then((outcome) => {
            sealed = null;
            kept = EMPTY;
            renderAll();
            keepStatus.textContent = say(
              outcome === 'deleted'
                ? 'check.app.keep.deleted'
                : outcome === 'blocked'
                  ? 'check.app.keep.blocked'
                  : 'check.app.keep.unavailable',
            );
          });
        },
      },
      say('check.app.keep.forget'),
    );
    if (vault)
      return show(
        keepPanel,
        heading,
        h('p', null, say('check.app.keep.kept')),
        honest,
        h(
          'p',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              'data-lock': true,
              onclick: () => {
                // Nothing of hers stays on screen: the current step, the recovery key, the lists.
                vault = null;
                kept = EMPTY;
                keepStatus.textContent = '';
                journeyControl.restart();
                renderBackup();
                renderAll();
              },
            },
            say('check.app.keep.lock'),
          ),
          ' ',
          forget,
        ),
        keepStatus,
      );
    const busy = (button: HTMLButtonElement, on: boolean): void => {
      button.disabled = on;
      if (on) keepStatus.textContent = say('check.app.keep.working');
      else if (keepStatus.textContent === say('check.app.keep.working')) keepStatus.textContent = '';
    };
    if (sealed) {
      const record = sealed;
      const button = h('button', { type: 'submit' }, say('check.app.keep.unlock'));
      const form = h(
        'form',
        {
          'data-unlock': true,
          onsubmit: (event) => {
            event.preventDefault();
            busy(button, true);
            void Vault.unlock(secret.value, record)
              .then(async (opened) => {
                if (!opened) return void (keepStatus.textContent = say('check.app.keep.wrong'));
                vault = opened.vault;
                secret.value = '';
                kept = mergeKept(asKept(opened.value), kept);
                await persist();
                renderAll();
                keepStatus.textContent = say('check.app.keep.unlocked');
              })
              .catch(saveFailed)
              .finally(() => busy(button, false));
          },
        },
        field,
        button,
      );
      return show(keepPanel, heading, h('p', null, say('check.app.keep.locked')), form, honest, h('p', null, forget), keepStatus);
    }
    const button = h('button', { type: 'submit' }, say('check.app.keep.start'));
    const form = h(
      'form',
      {
        'data-keep-form': true,
        onsubmit: (event) => {
          event.preventDefault();
          const problem = secretProblem(secret.value);
          if (problem) return void (keepStatus.textContent = say(`check.app.keep.${problem}`));
          busy(button, true);
          void Vault.create(secret.value, kept)
            .then(async (created) => {
              vault = created;
              secret.value = '';
              // What changed while the key was being made is written too.
              await persist();
              sealed = await readSealed();
              renderAll();
              keepStatus.textContent = say('check.app.keep.kept');
            })
            .catch(saveFailed)
            .finally(() => busy(button, false));
        },
      },
      field,
      button,
    );
    show(keepPanel, heading, h('p', null, say('check.app.keep.tab_only')), honest, form, keepStatus);
  }

  function renderBackup(): void {
    const status = h('p', { role: 'status', 'data-backup-status': true });
    const secretId = uid('backup');
    const secret = h('input', {
      id: secretId,
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'none',
      autocorrect: 'off',
      'data-backup-secret': true,
    });
    const keyShown = h('p', { class: 'recovery-key', hidden: true });
    const report = (error: unknown): void => {
      const code = error instanceof BackupError ? error.code : 'refused';
      if (code === 'refused') status.textContent = error instanceof Error ? error.message : String(error);
      else
        show(
          status,
          say(`check.app.backup.${code}` as AppKey),
          code === 'signed_out' ? [' ', h('a', { href: '/sign-in' }, say('check.app.backup.sign_in'))] : null,
        );
    };
    const withSecret = (run: (text: string) => Promise<void>) => () => {
      // Locked, `kept` holds only this tab: a backup would replace hers with less.
      if (sealed && !vault) return void (status.textContent = say('check.app.backup.unlock_first'));
      const text = secret.value.trim();
      if (!parseRecoveryKey(text) && !isWordPassphrase(text))
        return void (status.textContent = say('check.app.backup.bad_secret'));
      void run(text).catch(report);
    };
    show(
      backupPanel,
      h('h2', { id: 'backup-heading' }, say('check.app.backup.heading')),
      h('p', null, say('check.app.backup.intro')),
      h(
        'p',
        null,
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-make-key': true,
            onclick: () => {
              const key = newRecoveryKey();
              secret.value = key;
              show(keyShown, say('check.app.backup.key_is'), h('br'), h('strong', { 'data-recovery-key': true }, key));
              keyShown.hidden = false;
            },
          },
          say('check.app.backup.make_key'),
        ),
      ),
      keyShown,
      h(
        'p',
        { class: 'field' },
        h('label', { for: secretId }, say('check.app.backup.secret')),
        secret,
        h('span', { class: 'hint' }, say('check.app.backup.or_words'), ' ', say('check.app.backup.words_rule')),
      ),
      h(
        'p',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            'data-backup-save': true,
            onclick: withSecret(async (text) => {
              await putBackup(await sealBackup(kept, text));
              status.textContent = say('check.app.backup.saved');
            }),
          },
          say('check.app.backup.save'),
        ),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-backup-restore': true,
            onclick: withSecret(async (text) => {
              const { blob } = await getBackup();
              const value = await openBackup(blob, text);
              if (value === null) return void (status.textContent = say('check.app.backup.wrong'));
              update(mergeKept(kept, asKept(value)));
              status.textContent = say('check.app.backup.restored');
            }),
          },
          say('check.app.backup.restore'),
        ),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'data-backup-delete': true,
            onclick: () => {
              if (!window.confirm(say('check.app.backup.delete_confirm'))) return;
              void deleteBackup()
                .then(() => void (status.textContent = say('check.app.backup.deleted_ok')))
                .catch(report);
            },
          },
          say('check.app.backup.delete'),
        ),
      ),
      status,
    );
  }

  function renderAll(): void {
    renderGoals();
    renderHistory();
    renderKeep();
  }

  const journeyControl = startJourney(journey, config, say, {
    crisisBox: document.querySelector('[data-crisis-box]'),
    onResult: (summary) => update({ ...kept, history: [...kept.history, summary] }),
  });
  renderBackup();
  renderAll();
  // A day may have turned while the page was in the background: "done today" must mean today.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') redraw(goalsPanel, renderGoals);
  });
  if (storage)
    readSealed()
      .then((record) => {
        sealed = record;
        renderAll();
      })
      .catch(() => {
        storage = false;
        renderAll();
      });
}

main();
