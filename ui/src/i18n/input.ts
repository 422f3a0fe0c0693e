// A number a person typed that cannot be read, as a sentence in `lang` naming the input by its
// visible label. Pure (the language is passed in), so every problem is tested in both languages.

import { formatNumber, type NumberProblem } from "../lib/number";
import { dictionaries } from "./dictionary";
import { render, type Lang } from "./format";

/** A reading quoted in a message: as it can be typed back, ungrouped, trailing zeros dropped. */
function typeable(reading: string, lang: Lang): string {
  const trimmed = reading.includes(".") ? reading.replace(/\.?0+$/, "") : reading;
  return formatNumber(trimmed, lang, { grouping: false });
}

export function numberProblemText(lang: Lang, field: string, typed: string, problem: NumberProblem): string {
  const d = dictionaries[lang];
  switch (problem.kind) {
    case "empty":
      return render(lang, d["number.empty"], { field });
    case "invalid":
      return render(lang, d["number.invalid"], {
        field,
        value: typed.trim(),
        example: formatNumber("1500.5", lang),
      });
    case "ambiguous": {
      const [thousands, decimal] = problem.readings;
      return render(lang, d["number.ambiguous"], {
        field,
        value: typed.trim(),
        thousands: typeable(thousands, lang),
        decimal: typeable(decimal, lang),
      });
    }
    case "negative":
      return render(lang, d["number.negative"], { field });
    case "whole":
      return render(lang, d["number.whole"], { field });
    case "decimals":
      return render(lang, d["number.decimals"], { field, max: problem.max });
  }
}
