// A decision's confidence and expected outcome, its review at the review date, and the hit rate
// by confidence band on the Insights page.

export const en = {
  "decision.confidence": "How confident are you? (optional)",
  "decision.confidenceNone": "Not said",
  "decision.confidenceBand": "{n} %",
  "decision.confidenceHint":
    "Written before the outcome and compared at the review date: over time it shows how well the team’s confidence matches what happens.",
  "decision.expected": "What do you expect to happen? (optional)",
  "decision.expectedPlaceholder": "e.g. both videos delivered on time, RU reach above 50,000",
  "decision.confidenceLine": "Confidence: {n} %",
  "decision.expectedLine": "Expected: {text}",
  "review.due": "The review date has come: did it go as expected?",
  "review.again": "Review again",
  "review.asExpected": "As expected",
  "review.notExpected": "Not as expected",
  "review.note": "What happened (optional)",
  "review.submit": "Record the review",
  "review.saving": "Saving…",
  "review.cancel": "Cancel",
  "review.lineYes": "Reviewed by {name}, {date}: went as expected",
  "review.lineNo": "Reviewed by {name}, {date}: did not go as expected",
  "review.corrected": { one: "{n} review recorded", other: "{n} reviews recorded; the latest counts" },
  "insights.decisions": "Decisions: confidence against what happened",
  "insights.decisionsHint":
    "Decisions given a confidence and reviewed at their review date, by confidence: how often they went as expected.",
  "insights.tooFewReviewed": "Too few reviewed yet — n = {n}. The counts are shown; a hit rate needs 20.",
  "insights.noReviewed":
    "No decision with a confidence has been reviewed yet. Give a decision a confidence and a review date, and review it in the dossier when the date comes.",
  "insights.band": "{n} % sure: {hit} of {total} went as expected",
  "insights.filter.version": "Framework version",
  "insights.versionOption": "version {version}",
  "insights.mixed": "These figures cover {n} framework versions ({list}). Choose one to compare like with like.",
  "insights.blindLine": "{blind} of {cards} scored blind",
  "insights.sides": "Sides: where the cards were scored",
  "insights.sidesHint": "Each office scores on its own computers; a side is the computer a card was scored on.",
  "insights.thisComputer": "This computer",
  "insights.otherComputer": "Another computer (…{id})",
  "insights.sideLine": "{cards} cards, {passed} pass alone, {blind} scored blind",
  "insights.criteria": "Where reviewers disagree",
  "insights.criteriaHint":
    "Per gut-check criterion: of the partners two or more reviewers answered it for, how many they disagreed on (yes against no, or half the scale apart). Most disagreed first.",
  "insights.criterionLine": "disagreed on {disagreed} of {compared}",
  "insights.noCompared": "No criterion has answers from two reviewers yet.",
  "insights.withoutPartners": "Partners without it",
} as const;
