// Which of several Lighthouse reports of one page is the median run, chosen the
// way Lighthouse and Lighthouse CI choose it (closest to the median first
// contentful paint and time to interactive). Prints its index (0-based).
//   node tools/lighthouse_median.mjs report1.json report2.json report3.json
import {readFileSync} from 'node:fs';
import {computeMedianRun} from 'lighthouse/core/lib/median-run.js';

const runs = process.argv.slice(2).map((path) => JSON.parse(readFileSync(path, 'utf8')));
console.log(runs.indexOf(computeMedianRun(runs)));
