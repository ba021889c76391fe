// One room per API: its behaviour, echo and state, from its own folder.
import type { ApiName, LoadedSpec } from "./apis.js";
import type { ApiRoom } from "./room.js";
import { keepViolations, type BehaviourOptions } from "./shapes.js";
import { openchatBehaviour } from "./openchat/behaviour.js";
import { WILDFIRE_CONTENT_TYPE, wildfireBehaviour } from "./wildfire/behaviour.js";
import { wukongimBehaviour } from "./wukongim/behaviour.js";

export function roomFor(api: ApiName, spec: LoadedSpec, options: BehaviourOptions): ApiRoom {
  switch (api) {
    case "wukongim":
      return { behaviour: keepViolations(wukongimBehaviour(spec, options)), contentType: "application/json; charset=utf-8" };
    case "wildfire":
      return { behaviour: keepViolations(wildfireBehaviour(spec, options)), contentType: WILDFIRE_CONTENT_TYPE };
    case "openchat":
      return { behaviour: keepViolations(openchatBehaviour(spec)), contentType: "application/json; charset=utf-8" };
  }
}
