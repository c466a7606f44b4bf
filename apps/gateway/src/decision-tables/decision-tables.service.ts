import { Injectable } from '@nestjs/common';
import { RpcClient } from '@ensemble/messaging';
import { VersionedResources } from '../versioned-resources/versioned-resources';

@Injectable()
export class DecisionTablesService extends VersionedResources {
  constructor(rpc: RpcClient) {
    super(rpc, 'decisiontable');
  }
}
