// What a trainee may see of a content item before doing it. The functions are pure and live
// in shared/content/trainee-view.ts (the studio's preview uses them too); re-exported here.
export { estimatedMinutes, seedOf, traineeSafeData } from "../../../shared/content/trainee-view.ts";
