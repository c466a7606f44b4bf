import { Injectable } from '@nestjs/common';
import { MessageTypes } from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { VersionedResources } from '../versioned-resources/versioned-resources';

@Injectable()
export class RuleSetsService extends VersionedResources {
  constructor(rpc: RpcClient) {
    super(rpc, 'validation', {
      create: MessageTypes.rpc.ruleSetCreate,
      list: MessageTypes.rpc.ruleSetList,
      get: MessageTypes.rpc.ruleSetGet,
      activate: MessageTypes.rpc.ruleSetActivate,
      archive: MessageTypes.rpc.ruleSetArchive,
    });
  }
}
