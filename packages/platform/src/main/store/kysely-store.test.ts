import { storeContract } from './store.contract.js';
import { testStores } from '../../testing/stores.js';

for (const [name, open] of testStores()) storeContract(name, open);
