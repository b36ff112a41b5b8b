import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { TrinityPermissionPolicy } from './TrinityPermissionPolicy';

/** Installs {@link TrinityPermissionPolicy} as the permission backend's policy. */
export const permissionModuleTrinityPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'trinity-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          TrinityPermissionPolicy.fromConfig(config, { userInfo }),
        );
      },
    });
  },
});
