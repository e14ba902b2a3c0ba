/** Display names for channels and segments (plain module: usable from server and client components). */
export const CHANNEL_LABELS: Record<string, string> = {
  whatsapp: "WhatsApp",
  instagram: "Instagram",
  youtube: "YouTube",
  seo: "Search (SEO)",
  influencer: "Influencer",
  paid: "Paid ads",
  email: "Email",
  direct: "Direct",
  other: "Other",
};

export const SEGMENT_LABELS: Record<string, string> = {
  all: "All customers",
  new: "New (one order)",
  repeat: "Repeat (2+ orders)",
  wholesale: "Wholesale",
  gifting: "Gifting",
};
