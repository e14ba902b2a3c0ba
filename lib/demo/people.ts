import type { Rng } from "./random";

/*
 * Where customers live and what they are called. Pincodes are real 3-digit postal-circle prefixes
 * for each city with plausible last digits (Jaipur 302001-302039), never starting with 0; phones
 * are E.164 Indian mobiles (+91, then 10 digits starting 6-9).
 */

export interface City {
  city: string;
  state: string;
  /** First three pincode digits and the range of the last three. */
  pin: [prefix: string, lo: number, hi: number];
  weight: number;
}

export const cities: readonly City[] = [
  { city: "Jaipur", state: "Rajasthan", pin: ["302", 1, 39], weight: 30 },
  { city: "Delhi", state: "Delhi", pin: ["110", 1, 96], weight: 11 },
  { city: "Mumbai", state: "Maharashtra", pin: ["400", 1, 104], weight: 8 },
  { city: "Bengaluru", state: "Karnataka", pin: ["560", 1, 103], weight: 7 },
  { city: "Pune", state: "Maharashtra", pin: ["411", 1, 62], weight: 4 },
  { city: "Gurugram", state: "Haryana", pin: ["122", 1, 18], weight: 4 },
  { city: "Noida", state: "Uttar Pradesh", pin: ["201", 301, 318], weight: 3 },
  { city: "Hyderabad", state: "Telangana", pin: ["500", 1, 98], weight: 4 },
  { city: "Ahmedabad", state: "Gujarat", pin: ["380", 1, 61], weight: 3 },
  { city: "Kolkata", state: "West Bengal", pin: ["700", 1, 160], weight: 3 },
  { city: "Chennai", state: "Tamil Nadu", pin: ["600", 1, 119], weight: 3 },
  { city: "Udaipur", state: "Rajasthan", pin: ["313", 1, 27], weight: 2.5 },
  { city: "Jodhpur", state: "Rajasthan", pin: ["342", 1, 15], weight: 2.5 },
  { city: "Ajmer", state: "Rajasthan", pin: ["305", 1, 9], weight: 1.5 },
  { city: "Kota", state: "Rajasthan", pin: ["324", 1, 10], weight: 1.5 },
  { city: "Lucknow", state: "Uttar Pradesh", pin: ["226", 1, 31], weight: 2 },
  { city: "Chandigarh", state: "Chandigarh", pin: ["160", 1, 36], weight: 2 },
  { city: "Indore", state: "Madhya Pradesh", pin: ["452", 1, 20], weight: 1.5 },
  { city: "Bhopal", state: "Madhya Pradesh", pin: ["462", 1, 47], weight: 1 },
  { city: "Surat", state: "Gujarat", pin: ["395", 1, 23], weight: 1 },
  { city: "Kochi", state: "Kerala", pin: ["682", 1, 40], weight: 1 },
  { city: "Dehradun", state: "Uttarakhand", pin: ["248", 1, 15], weight: 1 },
  { city: "Patna", state: "Bihar", pin: ["800", 1, 30], weight: 1 },
  { city: "Bikaner", state: "Rajasthan", pin: ["334", 1, 6], weight: 1 },
];

const firstNames = [
  "Priya",
  "Ananya",
  "Neha",
  "Pooja",
  "Kavya",
  "Riya",
  "Aditi",
  "Meera",
  "Shreya",
  "Ishita",
  "Sneha",
  "Divya",
  "Anjali",
  "Nidhi",
  "Ritu",
  "Sunita",
  "Kiran",
  "Swati",
  "Shalini",
  "Payal",
  "Deepika",
  "Tanvi",
  "Aarti",
  "Garima",
  "Megha",
  "Radhika",
  "Sakshi",
  "Vandana",
  "Jyoti",
  "Komal",
  "Rahul",
  "Amit",
  "Rohit",
  "Vikram",
  "Arjun",
  "Karan",
  "Siddharth",
  "Aditya",
  "Manish",
  "Nikhil",
];
const lastNames = [
  "Sharma",
  "Agarwal",
  "Jain",
  "Gupta",
  "Rathore",
  "Shekhawat",
  "Mehta",
  "Khandelwal",
  "Singh",
  "Verma",
  "Joshi",
  "Choudhary",
  "Saxena",
  "Maheshwari",
  "Bansal",
  "Mathur",
  "Kapoor",
  "Iyer",
  "Nair",
  "Reddy",
  "Patel",
  "Desai",
  "Banerjee",
  "Das",
  "Menon",
  "Malhotra",
  "Bhatt",
  "Goyal",
];
const emailDomains = [
  "gmail.com",
  "gmail.com",
  "gmail.com",
  "gmail.com",
  "yahoo.co.in",
  "outlook.com",
  "rediffmail.com",
  "hotmail.com",
];

const cityCum = (() => {
  const cum = new Float64Array(cities.length);
  let t = 0;
  cities.forEach((c, i) => (cum[i] = t += c.weight));
  return cum;
})();

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  city: string;
  state: string;
  pincode: string;
}

export function pickCity(rng: Rng): City {
  return cities[rng.weighted(cityCum)]!;
}

export function pincodeIn(rng: Rng, c: City): string {
  const [prefix, lo, hi] = c.pin;
  return prefix + String(rng.int(lo, hi)).padStart(3, "0");
}

export function indianMobile(rng: Rng): string {
  return `+91${rng.int(6, 9)}${String(rng.int(0, 999_999_999)).padStart(9, "0")}`;
}

/** A person; `n` makes the email unique (real inboxes carry numbers like priya.sharma87). */
export function person(rng: Rng, n: number): Person {
  const firstName = rng.pick(firstNames);
  const lastName = rng.pick(lastNames);
  const c = pickCity(rng);
  const sep = rng.pick([".", "", "_"]);
  return {
    firstName,
    lastName,
    email: `${firstName}${sep}${lastName}${n}@${rng.pick(emailDomains)}`.toLowerCase(),
    phone: indianMobile(rng),
    city: c.city,
    state: c.state,
    pincode: pincodeIn(rng, c),
  };
}

/** Wholesale buyers are boutiques and stores; their emails carry the business name. */
export function wholesaleBuyer(rng: Rng, n: number): Person & { business: string } {
  const p = person(rng, n);
  const business = `${rng.pick(["Rangreza", "Chhaap", "Neelkanth", "Kesariya", "Gulmohar", "Haveli", "Sutra", "Rangmanch", "Dhaaga", "Aangan"])} ${rng.pick(["Boutique", "Textiles", "Home Store", "Handlooms", "Emporium", "Studio"])}`;
  return { ...p, business, email: `orders${n}@${business.toLowerCase().replace(/[^a-z]+/g, "")}.in` };
}
