// The product images (public/images/products/<sku>.svg): one small flat SVG per product of the demo
// catalog (apps/inventory/src/seed/catalog.json, whose imageUrl names the file), a drawing per
// department and a hue per product, so that they stay a few hundred bytes and need no outside host.
// With --check it writes nothing and fails when a committed image differs from what this draws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOrWrite, REPO_ROOT } from './generated-files';

const CATALOG = join(REPO_ROOT, 'apps', 'inventory', 'src', 'seed', 'catalog.json');
const PUBLIC = join(REPO_ROOT, 'apps', 'storefront', 'public');

/** Each department's drawing, `ink` its product's colour, and the hue of its first product. */
const DEPARTMENTS: Record<string, { firstHue: number; draw: (ink: string) => string }> = {
  // A bag of beans.
  cof: {
    firstHue: 62,
    draw: (ink) =>
      `<path d="M110 70h100l12 170a20 20 0 0 1-20 20H118a20 20 0 0 1-20-20z" fill="${ink}"/><path d="M110 70l10-20h80l10 20z" fill="#0003"/>` +
      `<ellipse cx="160" cy="160" rx="22" ry="32" fill="#fff8"/><path d="M160 130q-10 30 0 60" stroke="${ink}" stroke-width="5" fill="none"/>`,
  },
  // A tin with a leaf.
  tea: {
    firstHue: 137,
    draw: (ink) =>
      `<rect x="105" y="80" width="110" height="170" rx="14" fill="${ink}"/><rect x="100" y="66" width="120" height="26" rx="8" fill="#0003"/>` +
      `<path d="M160 130c30 0 40 30 30 60-30 0-40-30-30-60z" fill="#fff9"/><path d="M160 135q15 30 30 55" stroke="${ink}" stroke-width="3" fill="none"/>`,
  },
  // A pan seen from above.
  kit: {
    firstHue: 237,
    draw: (ink) =>
      `<circle cx="160" cy="150" r="80" fill="${ink}"/><circle cx="160" cy="150" r="52" fill="#fff6"/><rect x="230" y="140" width="60" height="20" rx="10" fill="#0004"/>`,
  },
  // A book.
  bok: {
    firstHue: 327,
    draw: (ink) =>
      `<rect x="100" y="50" width="120" height="200" rx="6" fill="${ink}"/><rect x="100" y="50" width="16" height="200" fill="#0003"/>` +
      `<rect x="130" y="90" width="74" height="10" rx="4" fill="#fffb"/><rect x="130" y="110" width="54" height="8" rx="4" fill="#fff8"/>`,
  },
};
/** Degrees between the hues of neighbouring products of a department: far enough to tell them apart. */
const HUE_STEP = 37;

function image(hue: number, draw: (ink: string) => string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 300" role="img"><rect width="320" height="300" fill="hsl(${hue} 40% 92%)"/>` +
    `${draw(`hsl(${hue} 45% 42%)`)}</svg>\n`
  );
}

const products = JSON.parse(readFileSync(CATALOG, 'utf8')) as Array<{ sku: string; imageUrl: string }>;
const seen = new Map<string, number>();
let drawn = 0;
for (const { sku, imageUrl } of products) {
  const prefix = sku.slice(0, 3).toLowerCase();
  const department = DEPARTMENTS[prefix];
  if (!department) throw new Error(`${sku}: no drawing for department "${prefix}" in apps/storefront/tools/images.ts`);
  if (!imageUrl.startsWith('/images/products/')) continue; // an image on another host is not ours to draw
  const index = seen.get(prefix) ?? 0;
  seen.set(prefix, index + 1);
  if (checkOrWrite(join(PUBLIC, imageUrl), image((department.firstHue + HUE_STEP * index) % 360, department.draw), 'npx nx run storefront:generate')) {
    drawn++;
  }
}
console.log(`${drawn} of ${products.length} product images ${process.argv.includes('--check') ? 'up to date' : 'written'} (apps/storefront/public/images/products)`);
