// The instruments a home offers: keel's shipped ones (with any licensed item text a clinic
// loaded merged in) and the FHIR Questionnaires a clinic loaded itself. Loading a document
// checks it completely before anything is saved, and a loaded instrument can never change what
// an answer already saved scores.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "measures/instrument.h"
#include "store/store.h"

namespace keel::app {

enum class InstrumentOrigin { shipped, clinic };
const char* instrument_origin_name(InstrumentOrigin origin);  // "keel", "clinic"

class InstrumentCatalog {
 public:
  // keel's shipped instruments only: what commands that need no home use.
  static Result<InstrumentCatalog> shipped();

  // The shipped instruments with the tenant's licensed text merged, then the tenant's own
  // Questionnaires. A stored document that no longer loads (say, after an upgrade of keel's
  // rules) does not hide the others: it is left out and named in problems().
  static Result<InstrumentCatalog> of_home(store::Store& store, const std::string& tenant_id);

  const std::vector<measures::Instrument>& instruments() const { return instruments_; }
  // not_found with a pointer to `keel instruments` when there is no such id.
  Result<const measures::Instrument*> find(std::string_view id) const;
  InstrumentOrigin origin(std::string_view id) const;
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<measures::Instrument> instruments_;
  std::vector<InstrumentOrigin> origins_;  // parallel to instruments_
  std::vector<std::string> problems_;
};

struct LoadedInstrument {
  measures::Instrument instrument;
  bool replaced = false;                       // the id was loaded before (with the same scoring)
  std::vector<std::string> still_placeholder;  // load-text: the items whose text the file did not give
};

// Loads a clinic's FHIR R4 Questionnaire (JSON text) into the home. `new_id`, when not empty,
// replaces the Questionnaire's id. Refused (conflict) when the id is one of keel's, or is
// loaded already with other scoring: answers saved under it would change meaning.
Result<LoadedInstrument> load_clinic_questionnaire(store::Store& store, const std::string& tenant_id,
                                                   std::string_view json_text, const std::string& new_id,
                                                   const Clock& clock);

// Merges a clinic's licensed item text into one of keel's scoring-only instruments and keeps
// it in the home. Every score stays exactly as keel's rules give it.
Result<LoadedInstrument> load_licensed_text(store::Store& store, const std::string& tenant_id, const std::string& id,
                                            std::string_view json_text, const Clock& clock);

}  // namespace keel::app
