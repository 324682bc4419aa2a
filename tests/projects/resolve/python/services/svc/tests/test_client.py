import svcpkg.client
