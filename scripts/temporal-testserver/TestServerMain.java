// Runs Temporal's in-process test server on a port and registers the project's search attributes,
// the fallback of scripts/temporal.sh when the Temporal CLI cannot be had. Launched as a
// single-file source program: java -cp <classpath> TestServerMain.java <port> <Name=Type>...
// Real time, no Web UI, nothing survives a restart.

import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;

public class TestServerMain {
  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Throwable e) {
      // The server's gRPC threads would keep a half-started process alive: end it.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    TestServer.createPortBoundServer(port);

    AddSearchAttributesRequest.Builder request =
        AddSearchAttributesRequest.newBuilder().setNamespace("default");
    for (int i = 1; i < args.length; i++) {
      String[] nameAndType = args[i].split("=", 2);
      request.putSearchAttributes(
          nameAndType[0],
          IndexedValueType.valueOf("INDEXED_VALUE_TYPE_" + nameAndType[1].toUpperCase()));
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .validateAndBuildWithDefaults());
    try {
      operator.blockingStub().addSearchAttributes(request.build());
    } catch (StatusRuntimeException e) {
      System.out.println("search attributes: " + e.getStatus());
    } finally {
      operator.shutdown();
    }
    System.out.println("Temporal test server listening on 127.0.0.1:" + port);
    Thread.currentThread().join();
  }
}
