/**
 * What a user asks to train, as plain records and enums: the wire format of a job spec, the run spec
 * the training module takes, the field problems a check reports. No Spring, no DL4J; every module may
 * use it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package io.anneal.spec;
