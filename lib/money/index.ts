export {
  rupeesToPaise,
  rupeesToPaiseBig,
  paiseToRupeeString,
  MoneyError,
  type RupeeAmount,
} from "./to-paise";
export { formatInr, formatInrCompact } from "./format";
