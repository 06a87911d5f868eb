/** The port of the models Kith runs on what it holds (the models themselves are in kith-models). */
package io.kith.prediction;
