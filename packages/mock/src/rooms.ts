// One room per API: its behaviour, echo and state, from its own folder.
import type { ApiName, LoadedSpec } from "./apis.js";
import type { ApiRoom } from "./room.js";
import { keepViolations, type BehaviourOptions } from "./shapes.js";
import { openchatBehaviour } from "./openchat/behaviour.js";
import { openchatEcho } from "./openchat/echo.js";
import { WILDFIRE_CONTENT_TYPE, wildfireBehaviour } from "./wildfire/behaviour.js";
import { wildfireEcho } from "./wildfire/echo.js";
import { wukongimBehaviour } from "./wukongim/behaviour.js";
import { wukongimEcho } from "./wukongim/echo.js";

export function roomFor(api: ApiName, spec: LoadedSpec, options: BehaviourOptions): ApiRoom {
  switch (api) {
    case "wukongim":
      return { behaviour: keepViolations(wukongimBehaviour(spec, options)), echo: wukongimEcho, contentType: "application/json; charset=utf-8" };
    case "wildfire":
      return { behaviour: keepViolations(wildfireBehaviour(spec, options)), echo: wildfireEcho, contentType: WILDFIRE_CONTENT_TYPE };
    case "openchat":
      return { behaviour: keepViolations(openchatBehaviour(spec)), echo: openchatEcho, contentType: "application/json; charset=utf-8" };
  }
}
