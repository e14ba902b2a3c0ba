import { registerPromotePath } from "@/lib/guard";
import { catalogInStock } from "./catalog-sync";
import { recoveryItems } from "./cart-recovery";

/*
 * The WhatsApp flows' promote paths, registered with the guard so its "nothing blocked gets
 * through" test runs them: what a recovery message would feature for a cart of these SKUs, and
 * what the Meta catalog would show as in stock.
 */
registerPromotePath({
  name: "whatsapp.flows.cartRecovery",
  surface: "recovery",
  run: async (db, skus, ctx) =>
    (
      await recoveryItems(
        db,
        skus.map((sku) => ({ sku, title: sku, quantity: 1, unitPricePaise: 0 })),
        ctx,
      )
    ).items.map((i) => i.sku),
});

registerPromotePath({
  name: "whatsapp.flows.catalogSync",
  surface: "whatsapp",
  run: (db, skus, ctx) => catalogInStock(db, skus, ctx),
});
