// `npm run -s voice-prompts`: French placeholder prompts spoken by Debian's espeak-ng, stored marked
// synthetic (the dashboard keeps listing them as still to record). Only when espeak-ng is installed
// (apt-get install espeak-ng); nothing is written to disk or to git, and a person's recording is never replaced.
import { spawnSync } from 'node:child_process';
import { createRepositories } from '../db/index.ts';
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { createLogger } from '../log.ts';
import { createPromptsService } from './prompts.service.ts';
import { promptCatalog, SPOKEN } from './prompts.ts';

runCli('voice-prompts', async () => {
  const probe = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    process.stdout.write('espeak-ng is not installed (apt-get install espeak-ng): no placeholder prompts generated\n');
    return 0;
  }
  return withConfiguredDatabase(async (db) => {
    const repos = createRepositories(db);
    const prompts = createPromptsService({ repos, log: createLogger('warn') });
    const people = new Set((await repos.voicePrompts.list()).filter((r) => !r.synthetic).map((r) => `${r.lang}/${r.key}`));
    let made = 0;
    for (const { key, text } of promptCatalog()) {
      if (people.has(`${SPOKEN}/${key}`)) continue;
      // A mono 16-bit WAV (espeak-ng writes 22 kHz): a few hundred kB for the longest sentence.
      const out = spawnSync('espeak-ng', ['-v', 'fr', '-s', '150', '--stdout', text], { maxBuffer: 4 * 1024 * 1024 });
      if (out.status !== 0 || !out.stdout?.length) {
        process.stderr.write(`espeak-ng failed on ${key}\n`);
        return 1;
      }
      await prompts.upload({ lang: SPOKEN, key, bytes: out.stdout, type: 'audio/wav', by: 'script:espeak-ng', synthetic: true });
      made++;
    }
    process.stdout.write(`${made} French placeholder prompt(s) generated with espeak-ng, marked synthetic\n`);
    return 0;
  });
});
