/**
 * Using a trained model over HTTP: download its zip, predict with it (numbers or PNG digits),
 * evaluate it on any dataset of the same input shape.
 */
package io.anneal.model;
