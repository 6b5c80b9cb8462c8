package com.powerbank.api;

import com.powerbank.activities.ledger.PaymentLedgerRepository;
import com.powerbank.activities.ledger.RentalReadModelRepository;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * Takes exactly the read model and ledger repositories from the {@code activities} module (SPEC
 * §7), under their default bean names, and none of the activity implementations: the API runs no
 * worker. Scanned rather than imported so a context that also imports the whole {@code
 * ActivitiesConfiguration} (the tests' worker) gets the same beans, not duplicates.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(
    basePackageClasses = RentalReadModelRepository.class,
    useDefaultFilters = false,
    includeFilters =
        @ComponentScan.Filter(
            type = FilterType.ASSIGNABLE_TYPE,
            classes = {RentalReadModelRepository.class, PaymentLedgerRepository.class}))
public class ReadModelConfiguration {}
