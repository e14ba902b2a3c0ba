export { getJourney, type Journey } from "./get-journey";
export { journeyQuerySchema, type JourneyQuery } from "./schema";
