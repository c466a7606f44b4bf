import type { BrokerNames, PrincipalNames } from '@ensemble/contracts';

/**
 * The broker names the engine's decisions need: the queues tasks go to and the principals whose
 * results are trusted. RunsModule binds it to the messaging settings; the decisions themselves
 * (Dispatcher, ResultApplier) do not load the messaging library, so their small tests start fast.
 */
export abstract class BusNames {
  abstract readonly names: BrokerNames;
  abstract readonly principals: PrincipalNames;
}
