import { Injectable } from '@nestjs/common';
import { MessageTypes } from '@ensemble/contracts';
import { RpcClient } from '@ensemble/messaging';
import { VersionedResources } from '../versioned-resources/versioned-resources';

@Injectable()
export class DecisionTablesService extends VersionedResources {
  constructor(rpc: RpcClient) {
    super(rpc, 'decision', {
      create: MessageTypes.rpc.decisionTableCreate,
      list: MessageTypes.rpc.decisionTableList,
      get: MessageTypes.rpc.decisionTableGet,
      activate: MessageTypes.rpc.decisionTableActivate,
      archive: MessageTypes.rpc.decisionTableArchive,
    });
  }
}
