// `npm run -s languages -- export`: writes the review state (files plus the dashboard's reviews and accepted
// corrections) to locales/review.json and reference/lexicon-review.json, so reviews are committed as data.
// `export --files-only` needs no database: it adds new texts and words as unreviewed and drops gone ones.
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { createRepositories } from '../db/index.ts';
import { reviewItems, type ReviewItem } from './languages.service.ts';
import { REVIEW_KINDS, reviewFileOf, writeReviewFile } from './review-files.ts';

const USAGE = 'usage: npm run -s languages -- export [--files-only]';

function write(items: readonly ReviewItem[]): number {
  for (const kind of REVIEW_KINDS) {
    const mine = items.filter((i) => i.kind === kind);
    const byId = new Map(mine.map((i) => [`${i.language}|${i.key}`, i.review]));
    writeReviewFile(
      kind,
      reviewFileOf(mine, (language, key) => byId.get(`${language}|${key}`) ?? { status: 'unreviewed' }),
    );
  }
  const left = items.filter((i) => i.review.status === 'unreviewed').length;
  process.stdout.write(`${items.length} items written, ${left} still need a speaker\n`);
  return 0;
}

runCli('languages', async () => {
  const [command, ...flags] = process.argv.slice(2);
  if (command !== 'export' || flags.some((f) => f !== '--files-only')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (flags.includes('--files-only')) return write(reviewItems([]));
  return withConfiguredDatabase(async (db) => write(reviewItems(await createRepositories(db).languages.all())));
});
