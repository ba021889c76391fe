// One room per API: its behaviour, echo and state, from its own folder.
import type { ApiName, LoadedSpec } from "./apis.js";
import type { ApiRoom } from "./room.js";
import { keepViolations, type BehaviourOptions } from "./shapes.js";
import { openchatBehaviour } from "./openchat/behaviour.js";
import { openchatEcho } from "./openchat/echo.js";
import { OpenchatAccounts, openchatState } from "./openchat/stateful.js";
import { openchatAliases } from "./openchat/surfaces.js";
import { WILDFIRE_CONTENT_TYPE, wildfireBehaviour } from "./wildfire/behaviour.js";
import { wildfireEcho } from "./wildfire/echo.js";
import { WildfireStore } from "./wildfire/state.js";
import { wildfireState } from "./wildfire/stateful.js";
import { wukongimBehaviour } from "./wukongim/behaviour.js";
import { wukongimEcho } from "./wukongim/echo.js";
import { WukongimStore } from "./wukongim/state.js";
import { wukongimState } from "./wukongim/stateful.js";

/** Something that holds state: emptied by reset(), counted for the admin API's /state. */
export interface StateStore {
  reset(): void;
  summary(): Record<string, number>;
}

/** The state of one set of mocks. OpenChat's routes act on the WuKongIM store, as OpenChat acts on its WuKongIM. */
export interface StateStores {
  wukongim?: WukongimStore;
  wildfire?: WildfireStore;
  openchat?: OpenchatAccounts;
}

/** The API's room; with `stores` (the stateful mode) its state is created in them, or shared from them. */
export function roomFor(api: ApiName, spec: LoadedSpec, options: BehaviourOptions, stores?: StateStores): ApiRoom {
  switch (api) {
    case "wukongim":
      return {
        behaviour: keepViolations(wukongimBehaviour(spec, options)),
        echo: wukongimEcho,
        contentType: "application/json; charset=utf-8",
        ...(stores ? { state: wukongimState((stores.wukongim ??= new WukongimStore())) } : {}),
      };
    case "wildfire":
      return {
        behaviour: keepViolations(wildfireBehaviour(spec, options)),
        echo: wildfireEcho,
        contentType: WILDFIRE_CONTENT_TYPE,
        ...(stores ? { state: wildfireState((stores.wildfire ??= new WildfireStore())) } : {}),
      };
    case "openchat": {
      const aliases = openchatAliases(spec);
      return {
        behaviour: keepViolations(openchatBehaviour(spec)),
        echo: openchatEcho,
        documentedPath: (pathname) => aliases.get(pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname),
        contentType: "application/json; charset=utf-8",
        ...(stores ? { state: openchatState((stores.wukongim ??= new WukongimStore()), (stores.openchat ??= new OpenchatAccounts())) } : {}),
      };
    }
  }
}
