import type {
  InventoryItemRecord,
  InventoryLevelRecord,
  ProductRecord,
  SalesChannelRecord,
  StockLocationRecord,
  VariantRecord,
} from "@/lib/commerce";
import { medusaId } from "./ids";
import { Rng } from "./random";

/*
 * The catalog of a Jaipur hand-block-print brand: ~150 products, ~500 variants across sarees,
 * dupattas, kurtas, razai, dohar, bedsheets and table linen. Prices are MRP in whole rupees
 * (GST inclusive, as Indian retail prices are); unit costs give a known margin, with a few
 * low-margin SKUs. Stock is set so the guard has something to do: low-stock, out-of-stock and
 * dead SKUs (never sell; some on discontinued products).
 */

export const categories = ["saree", "dupatta", "kurta", "razai", "dohar", "bedsheet", "table_linen"] as const;
export type Category = (typeof categories)[number];

export const techniques = ["sanganeri", "bagru", "dabu", "indigo"] as const;
export const fabrics = ["cotton", "mulmul", "silk-cotton"] as const;

interface CategorySpec {
  products: number;
  label: string;
  code: string;
  fabrics: readonly (typeof fabrics)[number][];
  /** [min, max] MRP in rupees per fabric tier (cotton, mulmul, silk-cotton). */
  price: Record<(typeof fabrics)[number], [number, number]>;
  /** Variant axis: fixed options or colour options drawn per product. */
  options: readonly string[] | { colours: [number, number] };
  /** Relative demand per option (sizes M/L, Double beds sell more). */
  optionWeights?: readonly number[];
}

const specs: Record<Category, CategorySpec> = {
  saree: {
    products: 36,
    label: "Saree",
    code: "SAR",
    fabrics: ["cotton", "mulmul", "silk-cotton"],
    price: { cotton: [1499, 3499], mulmul: [2499, 5999], "silk-cotton": [4999, 14999] },
    options: { colours: [2, 3] },
  },
  dupatta: {
    products: 25,
    label: "Dupatta",
    code: "DUP",
    fabrics: ["cotton", "mulmul", "silk-cotton"],
    price: { cotton: [599, 1299], mulmul: [899, 1799], "silk-cotton": [1499, 2999] },
    options: { colours: [2, 4] },
  },
  kurta: {
    products: 32,
    label: "Kurta",
    code: "KUR",
    fabrics: ["cotton", "mulmul"],
    price: { cotton: [899, 2499], mulmul: [1299, 2999], "silk-cotton": [2499, 3999] },
    options: ["S", "M", "L", "XL", "XXL"],
    optionWeights: [0.7, 1.3, 1.3, 0.9, 0.4],
  },
  razai: {
    products: 15,
    label: "Jaipuri Razai",
    code: "RAZ",
    fabrics: ["cotton", "mulmul", "silk-cotton"],
    price: { cotton: [1999, 4499], mulmul: [2999, 6499], "silk-cotton": [5999, 12999] },
    options: ["Single", "Double", "King"],
    optionWeights: [0.8, 1.4, 0.5],
  },
  dohar: {
    products: 15,
    label: "Dohar",
    code: "DOH",
    fabrics: ["cotton", "mulmul"],
    price: { cotton: [1299, 2799], mulmul: [1799, 3999], "silk-cotton": [2999, 4999] },
    options: ["Single", "Double"],
    optionWeights: [0.8, 1.3],
  },
  bedsheet: {
    products: 20,
    label: "Bedsheet Set",
    code: "BED",
    fabrics: ["cotton"],
    price: { cotton: [999, 3499], mulmul: [1499, 3999], "silk-cotton": [2999, 5999] },
    options: ["Single", "Double", "King"],
    optionWeights: [0.6, 1.4, 0.8],
  },
  table_linen: {
    products: 12,
    label: "Table Linen",
    code: "TBL",
    fabrics: ["cotton"],
    price: { cotton: [399, 2499], mulmul: [399, 2499], "silk-cotton": [999, 2999] },
    options: ["Runner", "4-Seater Cover", "6-Seater Cover"],
    optionWeights: [1.2, 1, 0.8],
  },
};

const techniqueLabel: Record<(typeof techniques)[number], string> = {
  sanganeri: "Sanganeri",
  bagru: "Bagru",
  dabu: "Dabu",
  indigo: "Indigo",
};
const fabricLabel: Record<(typeof fabrics)[number], string> = {
  cotton: "Cotton",
  mulmul: "Mulmul",
  "silk-cotton": "Silk-Cotton",
};
const motifs = [
  "Buta",
  "Phool Jaal",
  "Kairi",
  "Chidiya",
  "Genda",
  "Bel",
  "Booti",
  "Mehendi",
  "Champa",
  "Jaali",
  "Nilgai",
  "Anar",
  "Kamal",
  "Taara",
];
const colours = [
  "Indigo",
  "Madder Red",
  "Mustard",
  "Rust",
  "Ivory",
  "Kashish Green",
  "Peach",
  "Charcoal",
  "Rani Pink",
  "Pomegranate",
  "Sky Blue",
  "Khaki",
];

export interface DemoVariant {
  id: string;
  productId: string;
  sku: string;
  title: string;
  category: Category;
  pricePaise: number;
  costPaise: number;
  /** Relative demand within its category; 0 for dead SKUs. */
  demand: number;
}

export interface DemoCatalog {
  salesChannels: SalesChannelRecord[];
  stockLocations: StockLocationRecord[];
  products: ProductRecord[];
  variants: VariantRecord[];
  inventoryItems: InventoryItemRecord[];
  inventoryLevels: InventoryLevelRecord[];
  /** What the order generator sells from (dead SKUs included with demand 0). */
  sellable: DemoVariant[];
  /** Product handles by category, for landing paths. */
  handles: Record<Category, string[]>;
}

/** The dearest piece: a silk-cotton saree or king razai at ₹14,999. */
const MAX_MRP_PAISE = 1_499_900;

export const WEB_CHANNEL_ID = "sc_01HZKOSHAWEBSTORE0000000";
export const WHOLESALE_CHANNEL_ID = "sc_01HZKOSHAWHOLESALE000000";
export const JAIPUR_WAREHOUSE_ID = "sloc_01HZKOSHAJAIPURWH0000000";
export const SANGANER_WORKSHOP_ID = "sloc_01HZKOSHASANGANER0000000";

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** MRP ending in 99 (₹1,499), in paise. */
function mrpPaise(rng: Rng, [lo, hi]: [number, number]): number {
  const hundreds = rng.int(Math.floor(lo / 100), Math.floor(hi / 100));
  return (hundreds * 100 + 99) * 100;
}

/** Builds the catalog; `createdBefore` is the first day of activity (products exist before it). */
export function buildCatalog(seed: number, createdBefore: Date): DemoCatalog {
  const rng = new Rng(seed, "catalog");
  const at = (daysBefore: number) => new Date(createdBefore.getTime() - daysBefore * 86_400_000);
  const origin = at(420);

  const salesChannels: SalesChannelRecord[] = [
    { id: WEB_CHANNEL_ID, name: "Web Store", sourceUpdatedAt: origin },
    { id: WHOLESALE_CHANNEL_ID, name: "Wholesale", sourceUpdatedAt: origin },
  ];
  const stockLocations: StockLocationRecord[] = [
    { id: JAIPUR_WAREHOUSE_ID, name: "Jaipur Warehouse", city: "Jaipur", sourceUpdatedAt: origin },
    { id: SANGANER_WORKSHOP_ID, name: "Sanganer Workshop", city: "Sanganer", sourceUpdatedAt: origin },
  ];

  const products: ProductRecord[] = [];
  const variants: VariantRecord[] = [];
  const inventoryItems: InventoryItemRecord[] = [];
  const inventoryLevels: InventoryLevelRecord[] = [];
  const sellable: DemoVariant[] = [];
  const handles = Object.fromEntries(categories.map((c) => [c, [] as string[]])) as Record<
    Category,
    string[]
  >;

  let productNo = 0;
  for (const category of categories) {
    const spec = specs[category];
    for (let p = 0; p < spec.products; p++) {
      productNo++;
      const technique = techniques[(p + productNo) % techniques.length]!;
      const fabric = rng.pick(spec.fabrics);
      const motif = rng.pick(motifs);
      const title = `${techniqueLabel[technique]} ${motif} ${fabricLabel[fabric]} ${spec.label}`;
      const handle = `${slug(title)}-${productNo}`;
      const createdAt = at(rng.int(30, 400));
      const productId = medusaId("prod", createdAt.getTime(), rng);
      // About 3% of products were discontinued: still listed in Medusa, never sold again.
      const discontinued = rng.chance(0.03);
      products.push({
        id: productId,
        handle,
        title,
        status: "published",
        category,
        technique,
        fabric,
        discontinued,
        thumbnail: `https://cdn.kosha.example/products/${handle}.jpg`,
        createdAt,
        sourceUpdatedAt: createdAt,
      });
      handles[category].push(handle);

      const options =
        "colours" in spec.options
          ? pickDistinct(rng, colours, rng.int(spec.options.colours[0], spec.options.colours[1]))
          : spec.options;
      const basePrice = mrpPaise(rng, spec.price[fabric]);
      // Popularity is heavy-tailed: a few hero products carry a category.
      const productDemand = 1 / Math.pow(rng.int(1, spec.products), 0.9);
      const lowMargin = rng.chance(0.06);
      options.forEach((option, o) => {
        // Larger sizes of beds/quilts cost more; sizes of kurtas and colours share a price.
        const step = "colours" in spec.options || category === "kurta" ? 0 : o;
        // Each size up costs about a quarter more, in whole ₹100 so MRPs keep ending in 99.
        const pricePaise = Math.min(
          MAX_MRP_PAISE,
          basePrice + step * Math.round(basePrice / 40_000) * 10_000,
        );
        const costShare = lowMargin ? 0.84 + rng.next() * 0.1 : 0.34 + rng.next() * 0.24;
        const costPaise = Math.round((pricePaise * costShare) / 100) * 100;
        const sku = `JHL-${spec.code}-${techniqueLabel[technique].slice(0, 3).toUpperCase()}-${String(productNo).padStart(3, "0")}-${String(o + 1).padStart(2, "0")}`;
        const variantId = medusaId("variant", createdAt.getTime(), rng);
        const itemId = medusaId("iitem", createdAt.getTime(), rng);
        // Dead SKUs: the discontinued products' variants, plus ~5% of others nobody buys.
        const dead = discontinued || rng.chance(0.05);
        const weight = spec.optionWeights?.[o] ?? 1;
        variants.push({
          id: variantId,
          productId,
          sku,
          title: option,
          pricePaise,
          costPaise,
          manageInventory: true,
          createdAt,
          sourceUpdatedAt: createdAt,
          inventoryItems: [{ inventoryItemId: itemId, requiredQuantity: 1 }],
        });
        inventoryItems.push({ id: itemId, sku, sourceUpdatedAt: createdAt });
        sellable.push({
          id: variantId,
          productId,
          sku,
          title: `${title} - ${option}`,
          category,
          pricePaise,
          costPaise,
          demand: dead ? 0 : productDemand * weight,
        });

        // Stock: dead SKUs sit on stock; others are out of stock (~8%), low (~10%) or healthy.
        const roll = rng.next();
        const stocked = dead
          ? rng.int(12, 60)
          : roll < 0.08
            ? 0
            : roll < 0.18
              ? rng.int(1, 4)
              : rng.int(10, category === "razai" ? 60 : 140);
        const reserved = stocked > 4 ? rng.int(0, 3) : 0;
        const updated = new Date(createdBefore.getTime());
        inventoryLevels.push({
          id: medusaId("ilev", createdAt.getTime(), rng),
          inventoryItemId: itemId,
          locationId: JAIPUR_WAREHOUSE_ID,
          stockedQuantity: stocked,
          reservedQuantity: reserved,
          incomingQuantity: stocked === 0 && !dead && rng.chance(0.5) ? rng.int(10, 40) : 0,
          sourceUpdatedAt: updated,
        });
        // The Sanganer workshop holds finished pieces of about a third of SKUs (never the
        // out-of-stock or low ones, so "available" stays what the warehouse says for those).
        if (stocked >= 10 && rng.chance(0.35)) {
          inventoryLevels.push({
            id: medusaId("ilev", createdAt.getTime(), rng),
            inventoryItemId: itemId,
            locationId: SANGANER_WORKSHOP_ID,
            stockedQuantity: rng.int(5, 40),
            reservedQuantity: 0,
            incomingQuantity: 0,
            sourceUpdatedAt: updated,
          });
        }
      });
    }
  }
  return {
    salesChannels,
    stockLocations,
    products,
    variants,
    inventoryItems,
    inventoryLevels,
    sellable,
    handles,
  };
}

function pickDistinct<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < n && pool.length > 0; i++) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  return out;
}
