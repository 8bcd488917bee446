import { storeContract } from './store.contract.js';
import { storeDataContract } from './store-data.contract.js';
import { testStores } from '../../testing/stores.js';

for (const [name, open] of testStores()) {
  storeContract(name, open);
  storeDataContract(name, open);
}
