/**
 * Everything that touches Deeplearning4j and ND4J: building a network from a spec, the training loop,
 * progress reporting and the datasets. Other packages see only records and small interfaces.
 */
package io.anneal.training;
