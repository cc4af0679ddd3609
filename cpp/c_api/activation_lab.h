/* The dead-neuron lab's C ABI: one training run per module instance (the page's worker owns
 * its own instance). Same rules as activation_explorer.h: plain C types, errors as AE_*
 * values with ae_last_error(), caller-owned buffers, library-owned strings. */
#ifndef ACTIVATION_LAB_H
#define ACTIVATION_LAB_H

#include "activation_explorer.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { AE_LAB_NOT_STARTED = 13, AE_LAB_DIVERGED = 14 };

/* The run's settings, as doubles at these indices (ids are the lab's tables in the catalog JSON). */
enum {
  AE_LAB_DATASET = 0,
  AE_LAB_SAMPLES,
  AE_LAB_NOISE,
  AE_LAB_LOSS,
  AE_LAB_OPTIMIZER,
  AE_LAB_LR,
  AE_LAB_BETA1,
  AE_LAB_BETA2,
  AE_LAB_EPS,
  AE_LAB_BATCH,
  AE_LAB_SEED,
  AE_LAB_INIT,
  AE_LAB_AT_KINK,
  AE_LAB_LAYERS,
  AE_LAB_TRACK, /* 1: dead units after every step (the lab); 0: training only (benchmarks) */
  AE_LAB_WIDTHS, /* AE_LAB_MAX_LAYERS slots from here */
  AE_LAB_MAX_LAYERS = 8,
  AE_LAB_CONFIG_SIZE = AE_LAB_WIDTHS + AE_LAB_MAX_LAYERS
};

/* The lab's tables as JSON: datasets (id, label, inputs, classes), inits, losses, optimisers,
 * the limits, the default settings and the presets (id, label, description, settings; as the
 * page names its settings), and the index of each setting in the config array (so JavaScript
 * restates none). */
const char* ae_lab_catalog_json(void);

/* Starts a run (replacing any other): both sides' functions (catalog indices) and parameters. */
int ae_lab_start(const double* config, int config_size, int function_a, const double* params_a, int count_a,
                 int function_b, const double* params_b, int count_b);

/* Runs up to `steps` steps; *done says how many ran. AE_LAB_DIVERGED once a loss is not finite. */
int ae_lab_step(int steps, int* done);

/* Per step from `first` (0-based) on, for one side: the batch loss, then the dead units of each
 * hidden layer, then the nearly dead ones: 1 + 2 · layers doubles per step (NaN counts when the
 * run does not track units). *count = steps written. */
int ae_lab_history(int side, int first, double* out, int capacity, int* count);

/* Now, for one side: per hidden layer the share of training inputs with f' != 0 of each unit
 * (layer after layer), then the gradient norm of each layer (hidden ones and the output) at the
 * last step. *count = doubles written. */
int ae_lab_units(int side, double* out, int capacity, int* count);

/* The network's output for n inputs (n × inputs doubles): class probabilities (softmax) or
 * the regression value, n × outputs doubles. */
int ae_lab_predict(int side, const double* x, int n, double* out, int capacity);

/* The training set: x (samples × inputs) and y (class index or target), *count = samples. */
int ae_lab_data(double* x, double* y, int capacity, int* count);

/* The run in one sentence with what its numbers mean (the page's summary, actviz train's last
 * line); NULL before a start. Library-owned, valid until the next ae_lab_summary. */
const char* ae_lab_summary(void);

/* The whole run as JSON (docs/lab.md); NULL before a start. Library-owned. */
const char* ae_lab_export(void);

#ifdef __cplusplus
}
#endif

#endif
