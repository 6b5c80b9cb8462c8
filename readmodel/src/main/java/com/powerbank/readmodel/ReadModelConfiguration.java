package com.powerbank.readmodel;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The read model and payment ledger (SPEC §7), for an application to {@code @Import}: {@link
 * RentalReadModelRepository} and {@link PaymentLedgerRepository} on the application's {@code
 * DataSource}. The schema is in this module's {@code db/migration}, one ordered Flyway history run
 * by both the api and the worker at start (Flyway's lock makes that safe). {@code V1} and {@code
 * V3} also create the api's own tables ({@code quotes}, {@code stop_requests}): applied migrations
 * cannot be split without breaking the checksums of databases migrated already, so their DDL stays
 * here while their code lives in the api.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = ReadModelConfiguration.class)
public class ReadModelConfiguration {}
