-- The spans of the incoming documents that extraction did not read as page furniture, and why.
-- Expects the registered frame incoming_blanked (statwh.frames.blanked_frame); 01 deleted the old ones.
insert into blanked_text (document_id, char_start, char_end, reason, held_numbers, blanked_text, run_id)
select document_id, char_start, char_end, reason, held_numbers, blanked_text, $run_id
from incoming_blanked;
