#!/usr/bin/env node
// The game day of docs/demo-fleet.md, photographed on the embedded default
// as a new user sees it (1440×900, and the Failover tab at 1024 wide too):
//
//   node e2e/gameday-screenshots.mjs
//
// Starts the portal (nothing may run on its ports), walks the game day —
// healthy, aws killed, aws back, aws burning, aws drained, a restore toward
// it refused — and writes the pictures to docs/images/game-day/, with the
// `dig` answers seen at each step in docs/images/game-day/dig.txt. Each
// picture is taken once what it shows is on the page (it waits for it), so
// a run that cannot reach a step fails rather than photographing a spinner.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appUrl, repoRoot, setScenario, startPortal } from './portal.mjs';
import { launchBrowser, pollUntil, signInAsGuest } from './browser.mjs';

const AWS = 'aws-use1-prod-01';
const out = path.join(repoRoot, 'docs', 'images', 'game-day');
const digLines = [];

/**
 * What the demo fleet's PowerDNS answers for the storefront now, over 20
 * queries (the LUA record picks one healthy target per query, by weight).
 */
function dig(step) {
  const counts = new Map();
  for (let query = 0; query < 20; query++) {
    const answer =
      execFileSync(
        'dig',
        ['@127.0.0.1', '-p', '7153', 'shop.trinity.example', 'A', '+short'],
        { encoding: 'utf8' },
      ).trim() || '(no answer)';
    counts.set(answer, (counts.get(answer) ?? 0) + 1);
  }
  const seen = [...counts]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([answer, count]) => `${answer} ×${count}`)
    .join(', ');
  digLines.push(`${step}: ${seen}`);
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const portal = await startPortal();
  let browser;
  const shot = async (page, name) => {
    // Let the cells' "read … ago" settle and fonts load before the picture.
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    console.log(`wrote docs/images/game-day/${name}.png`);
  };
  try {
    // Inside the try: a browser that does not launch still stops the portal.
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInAsGuest(page, appUrl);

    // 1. Healthy: every cell of every row answered.
    await page.goto(`${appUrl}/catalog/default/system/storefront/fleet`);
    const row = page.getByTestId(`row-${AWS}`);
    const answered = async () =>
      (await row.getByTestId(/^cell-(ok|warning|critical)$/).count()) >= 4;
    await pollUntil(page, answered, 'a healthy aws row', 180_000);
    dig('healthy');
    await shot(page, 'fleet-healthy');

    // 2. aws killed: its row turns to errors on the open tab (signals).
    await setScenario(AWS, { down: true });
    await pollUntil(
      page,
      async () => (await row.getByTestId('cell-error').count()) >= 4,
      'aws as errors',
    );
    dig('aws killed');
    await shot(page, 'fleet-aws-killed');
    await setScenario(AWS, { down: false });
    await pollUntil(page, answered, 'aws back', 90_000);

    // 3. aws burning: the SLO cell goes critical once the 5m and 1h
    //    windows both pass 14.4x (~90 s of 60 % errors).
    await setScenario(AWS, { burning: true });
    await pollUntil(
      page,
      async () =>
        (await row
          .locator('[data-column="slo"] [data-testid="cell-critical"]')
          .count()) > 0,
      "aws's SLO critical",
      240_000,
    );
    dig('aws burning');
    await shot(page, 'fleet-aws-burning');

    // 4. Drain aws from the Failover tab, with a reason.
    await page.goto(`${appUrl}/catalog/default/system/storefront/failover`);
    await page.getByTestId(`drain-${AWS}`).click({ timeout: 60_000 });
    await page
      .getByTestId(/^check-cooldown-(pass|fail)$/)
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('reason-input').fill('game day: aws burns');
    await shot(page, 'failover-drain-preview');
    await page.getByTestId('confirm-apply').click();
    await page.getByTestId(`restore-${AWS}`).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3000);
    dig('aws drained');
    await shot(page, 'failover-aws-drained');
    await page.setViewportSize({ width: 1024, height: 900 });
    await shot(page, 'failover-aws-drained-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    // 5. The fault is fixed but aws still burns in its windows: a restore
    //    toward it is refused, saying why.
    await setScenario(AWS, { burning: false });
    await page.getByTestId(`restore-${AWS}`).click();
    await page
      .locator('[data-testid^="check-"][data-testid$="-fail"]')
      .first()
      .waitFor({ timeout: 30_000 });
    await shot(page, 'failover-restore-refused');

    fs.writeFileSync(
      path.join(out, 'dig.txt'),
      `# dig @127.0.0.1 -p 7153 shop.trinity.example A +short, 20 times at each step\n${digLines.join(
        '\n',
      )}\n`,
    );
    console.log(digLines.join('\n'));
  } finally {
    await setScenario(AWS, { down: false, burning: false }).catch(
      () => undefined,
    );
    await browser?.close();
    await portal.stop();
  }
}

main().catch(error => {
  console.error(error.stack ?? error);
  process.exit(1);
});
