package com.powerbank.activities;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/** One WireMock server for the whole test run, standing in for the external services. */
public final class StubsWireMock {

  private static final WireMockServer SERVER = start();

  private StubsWireMock() {}

  /** The running server; reset it before each test. */
  public static WireMockServer server() {
    return SERVER;
  }

  private static WireMockServer start() {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    return server;
  }
}
